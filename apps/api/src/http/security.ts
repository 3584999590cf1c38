import type http from 'node:http';
import type { ErrorRequestHandler } from 'express';
import helmet from 'helmet';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import type { ErrorReason } from '@perch/shared';
import { isLoopbackHost } from '../config';
import type { RequestCheck } from './front';

/**
 * Security headers for the API and both apps. The CSP allows only this origin's own scripts and
 * styles (no inline script anywhere), images from data:/blob: (QR codes, camera frames), and
 * nothing may frame Perch.
 */
export function securityHeaders(publicUrl: string): RequestCheck {
  const https = publicUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Load balancers and orchestrators probe these by IP address, so they answer to any host name. */
export const PROBE_PATHS: readonly string[] = ['/healthz', '/readyz'];

/**
 * Answers to Perch's own host names only: those of PUBLIC_URL and ALLOWED_ORIGINS, and this
 * machine's loopback names. A DNS-rebinding page (evil.example re-pointed at Perch's address)
 * makes the browser send `Host: evil.example`, which it cannot choose otherwise, so refusing
 * unknown hosts keeps such a page from talking to Perch as if it were its own origin. Ports are not
 * compared: the attacker can pick the port but never the name, and proxies differ in passing it.
 * Loopback names are admitted because no rebinding can produce them (they name the browser's own
 * machine) and proxies often forward with `Host: 127.0.0.1:<port>`.
 */
export function refuseUnknownHost(allowedOrigins: readonly string[]): RequestCheck {
  const hosts = new Set(allowedOrigins.map((origin) => new URL(origin).hostname));
  return (req, _res, next) => {
    if (PROBE_PATHS.includes(req.path)) return next();
    // Express drops the port; behind a trusted proxy it reads X-Forwarded-Host (see TRUST_PROXY).
    const hostname = (req.hostname ?? '').toLowerCase().replace(/\.$/, '');
    if (hostname && (hosts.has(hostname) || isLoopbackHost(hostname))) return next();
    const message = 'This server does not answer to that host name. Use its public address (PUBLIC_URL), or add this one to ALLOWED_ORIGINS.';
    next(new Refusal(421, 'BAD_REQUEST', 'UNKNOWN_HOST', message));
  };
}

/**
 * Refuses state-changing requests that a browser sent from another site. SameSite=Strict cookies
 * already stay home; this is the second lock. "Another site" is judged against the configured
 * origins only, never against the request's own Host header, which a DNS-rebinding page controls.
 * Non-browser clients (curl, other services) send neither header and are let through: CSRF is a
 * browser attack. `reads: true` refuses reads from another site too (a download of personal data:
 * no other site has any business even starting one).
 */
export function refuseCrossSite(allowedOrigins: readonly string[], options: { reads?: boolean } = {}): RequestCheck {
  return (req, _res, next) => {
    if (!options.reads && (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS')) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin');
    const crossSite =
      (site !== undefined && site !== 'same-origin' && site !== 'none') ||
      (origin !== undefined && !allowedOrigins.includes(origin));
    if (!crossSite) return next();
    next(new Refusal(403, 'FORBIDDEN', 'CROSS_SITE', 'This request came from another site and was refused.'));
  };
}

/**
 * A request refused before tRPC sees it (or outside tRPC), in tRPC's own error shape, so clients
 * read `data.reason` (null for our own failure, as tRPC sends it) and the sentence exactly as they
 * do for a procedure's errors. A check passes its refusal to `next`; whoever runs the checks writes
 * it (writeRefusals in the app, front.ts in front of it).
 */
export class Refusal {
  constructor(
    readonly status: number,
    readonly code: TRPC_ERROR_CODE_KEY,
    readonly reason: ErrorReason | null,
    readonly message: string,
  ) {}

  get body(): string {
    const { status, code, reason, message } = this;
    return JSON.stringify({ error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: status, reason } } });
  }
}

/** The headers of every refusal, as [name, value, …]: never kept, and JSON. */
export const REFUSAL_HEADERS: readonly string[] = ['Cache-Control', 'no-store', 'Content-Type', 'application/json; charset=utf-8'];

/** Writes a refusal: a route's own (the audit export's), or a check's (see writeRefusals). */
export function refuse(res: http.ServerResponse, status: number, code: TRPC_ERROR_CODE_KEY, reason: ErrorReason | null, message: string): void {
  writeRefusal(res, new Refusal(status, code, reason, message));
}

function writeRefusal(res: http.ServerResponse, refusal: Refusal): void {
  res.statusCode = refusal.status;
  for (let i = 0; i < REFUSAL_HEADERS.length; i += 2) res.setHeader(REFUSAL_HEADERS[i]!, REFUSAL_HEADERS[i + 1]!);
  res.end(refusal.body);
}

/** The app's last error handler: writes the refusals its checks passed on; anything else goes on to Express. */
export const writeRefusals: ErrorRequestHandler = (err, _req, res, next) => (err instanceof Refusal ? writeRefusal(res, err) : next(err));
