import fs from 'node:fs';
import path from 'node:path';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Request, type Response } from 'express';
import { AUDIT_EXPORT_PATH, REQUEST_BODY_MAX_BYTES, TRPC_BATCH_MAX } from '@perch/shared';
import { appRouter } from '../router';
import type { Services } from '../context';
import { limitBatches } from './batch';
import { serveSubscriptions } from './subscriptions';
import { serveSingleCalls } from './single-calls';
import { inFrontOf, type RequestCheck } from './front';
import { requestContext } from './request-context';
import { healthRoutes } from './health';
import { refuseCrossSite, refuseUnknownHost, securityHeaders, writeRefusals } from './security';
import { mcpRouter } from '../agents/mcp-http';
import { auditExportRoute } from '../audit/audit.route';

export interface AppOptions {
  /** Built SPAs to serve; a missing folder is skipped with a hint instead of crashing. */
  staticDirs?: { admin: string; kiosk: string };
  /**
   * Answer single queries and mutations without tRPC's adapter (see single-calls.ts); default true.
   * Off, every call goes through the adapter: single-calls.test.ts compares the two.
   */
  leanCalls?: boolean;
}

/**
 * Builds the Express app: security headers, health checks, CSRF lock, tRPC at /trpc, /mcp, the audit
 * CSV, the two apps; with single tRPC calls taken in front of its router (front.ts).
 */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', services.config.trustProxy);
  const secured = securityHeaders(services.config.publicUrl);
  const knownHostsOnly = refuseUnknownHost(services.config.allowedOrigins);
  app.use(secured, knownHostsOnly);

  app.use(healthRoutes(services));

  const createContext = requestContext(services);
  const neverKept: RequestCheck = (_req, res, next) => {
    // API answers are per-user and live: never let a browser, proxy or service worker keep them.
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  const sameSiteOnly = refuseCrossSite(services.config.allowedOrigins);
  const batchLimits = limitBatches();
  // The hot path: single queries and mutations, through the same procedures, in a fraction of the CPU.
  const singleCalls = options.leanCalls === false ? null : serveSingleCalls(appRouter, createContext, { maxBodySize: REQUEST_BODY_MAX_BYTES });
  app.use(
    '/trpc',
    [sameSiteOnly, batchLimits, neverKept],
    // Event streams first: the same procedures and wire format, at a fraction of the memory.
    serveSubscriptions(appRouter, createContext),
    createExpressMiddleware({
      router: appRouter,
      maxBodySize: REQUEST_BODY_MAX_BYTES,
      // limitBatches() refuses bigger batches first, with a sentence; this is the backstop.
      maxBatchSize: TRPC_BATCH_MAX,
      createContext: ({ req, res }) => createContext(req, res),
    }),
  );

  app.use('/mcp', mcpRouter(services));

  app.get(AUDIT_EXPORT_PATH, refuseCrossSite(services.config.allowedOrigins, { reads: true }), auditExportRoute(services));

  if (options.staticDirs) {
    serveSpa(app, '/admin', options.staticDirs.admin);
    serveSpa(app, '/kiosk', options.staticDirs.kiosk);
  }
  app.get('/', (_req, res) => res.redirect('/admin/'));
  // What the checks above refused, in tRPC's error shape.
  app.use(writeRefusals);
  // Single calls skip the router, through the same checks in the same order; the two that only set
  // headers are written with the answer's head (front.ts).
  const front = { headers: [secured, neverKept], checks: [knownHostsOnly, sameSiteOnly, batchLimits] };
  return singleCalls ? inFrontOf(app, '/trpc', front, singleCalls) : app;
}

function serveSpa(app: express.Express, mount: string, dir: string) {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.use(mount, (_req: Request, res: Response) => {
      res.status(503).type('text').send(`This app is not built yet. Run "pnpm build" (or "pnpm start").`);
    });
    return;
  }
  // Express 5 matches `/admin` and `/admin/` alike: redirect only the bare one, or `/admin/` loops.
  app.get(mount, (req, res, next) => {
    if (req.path !== mount) return next();
    const q = req.originalUrl.indexOf('?');
    res.redirect(301, `${mount}/${q === -1 ? '' : req.originalUrl.slice(q)}`);
  });
  // Production builds carry no source maps; should one be built anyway, it is still not served.
  app.use(mount, (req: Request, res: Response, next) => {
    if (!req.path.endsWith('.map')) return next();
    res.status(404).type('text').send('Not found.');
  });
  app.use(
    mount,
    express.static(dir, {
      index: 'index.html',
      redirect: false,
      setHeaders(res, file) {
        // Hashed assets never change; the shell, manifest and service worker must be re-checked.
        const hashed = file.includes(`${path.sep}assets${path.sep}`);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  // Client-side routes fall back to the shell; missing files with an extension stay 404.
  app.use(mount, (req: Request, res: Response, next) => {
    if (req.method !== 'GET' || path.extname(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
