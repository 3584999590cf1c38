import type http from 'node:http';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { SingleCall } from './single-calls';

/**
 * The hottest requests, single tRPC calls (`kiosk.me`, `kiosk.redeem`), taken before Express's
 * router: it matches every request against each mounted layer and wraps each middleware, per
 * request. What it skips is only the routing: the request and response become Express's own (as
 * app.handle makes them, so `req.ip`, `req.hostname` and `res.cookie` read this app's settings,
 * `trust proxy` included), and `checks`, the very middleware the app mounts for `mount`, run in
 * the same order. A check that refuses answers as it would in the app. Every other request goes to
 * the app untouched.
 */
export function inFrontOf(
  app: Express,
  mount: string,
  checks: readonly RequestHandler[],
  calls: { claim: (req: Request) => SingleCall | null; answer: (req: Request, res: Response, call: SingleCall) => void },
): http.RequestListener {
  const prefix = `${mount}/`;
  return (incoming, outgoing) => {
    if (!incoming.url?.startsWith(prefix)) return app(incoming, outgoing);
    const req = incoming as Request;
    const res = outgoing as Response;
    // As app.handle does before routing.
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, app.request);
    Object.setPrototypeOf(res, app.response);
    res.locals ??= Object.create(null);
    req.originalUrl ??= req.url;
    const call = calls.claim(req);
    if (!call) return app(req, res);
    let at = 0;
    const next = (err?: unknown) => {
      // None of the checks passes an error on; should one, it is a bug: a bare 500, as Express's would be.
      if (err) {
        console.error('[perch] a request check failed:', err);
        res.statusCode = 500;
        return void res.end();
      }
      const check = checks[at++];
      if (check) return void check(req, res, next);
      calls.answer(req, res, call);
    };
    next();
  };
}
