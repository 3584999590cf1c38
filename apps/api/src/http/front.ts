import type http from 'node:http';
import type { Express, Request } from 'express';
import type { SingleCalls } from './single-calls';

/**
 * A check every request of a mount passes (security headers, Host, cross-site, batch limits): it
 * reads the request through Express's getters and writes to the response through Node's API only,
 * so it runs the same inside the app and in front of it.
 */
export type RequestCheck = (req: Request, res: http.ServerResponse, next: (err?: unknown) => void) => void;

/**
 * The hottest requests, single tRPC calls (`kiosk.me`, `kiosk.redeem`), taken before Express.
 * Express gives every request the app's prototypes (app.handle swaps the prototype of Node's
 * request and response objects), and an object whose prototype changed loses V8's fast paths for
 * as long as it lives, in Node's own HTTP code too: about a quarter of a `kiosk.me`'s CPU went
 * there. Here both stay Node's own. What the checks and the context read of the request
 * (`req.path`, `req.hostname`, `req.ip`, `req.get()`, the query string) they read from a view of
 * it: an object whose prototype is the app's request, holding the request's method, URL, headers
 * and socket, so Express's own getters answer with this app's settings (`trust proxy` included).
 * The body is read from the request itself. `checks` are the very checks the app mounts for
 * `mount`, in the same order; one that refuses answers as it would in the app. Every other
 * request goes to the app untouched.
 */
export function inFrontOf(app: Express, mount: string, checks: readonly RequestCheck[], calls: SingleCalls): http.RequestListener {
  const prefix = `${mount}/`;
  return (req, res) => {
    if (!req.url?.startsWith(prefix)) return app(req, res);
    const view = requestView(app, req);
    const call = calls.claim(view);
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
      if (check) return void check(view, res, next);
      calls.answer(view, req, res, call);
    };
    next();
  };
}

/** The request as Express's getters read it, without touching the request object itself. */
function requestView(app: Express, req: http.IncomingMessage): Request {
  const view = Object.create(app.request) as Request;
  view.method = req.method!;
  view.url = req.url!;
  view.originalUrl = req.url!;
  view.headers = req.headers;
  view.socket = req.socket;
  return view;
}
