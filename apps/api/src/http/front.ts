import http from 'node:http';
import net from 'node:net';
import type { Express, Request } from 'express';
import { REFUSAL_HEADERS, Refusal } from './security';
import type { SingleCalls } from './single-calls';

/**
 * A check every request of a mount passes (security headers, Host, cross-site, batch limits): it
 * reads the request through Express's getters, sets headers through Node's API only, and passes a
 * refusal (security.ts) to `next` rather than writing it, so it runs the same inside the app and in
 * front of it.
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
 * The body is read from the request itself. Every other request goes to the app untouched.
 *
 * `checks` are the very checks the app mounts for `mount`, in the same order; a refusal one
 * passes on is written here as the app writes it. `headers` are the checks that only set headers,
 * the same for every request (the security headers, Cache-Control): they run once, here, and
 * what they set is written with the rest of the head in one go (writeHead with a list), for
 * setHeader costs each of the fourteen headers a validation, a lower-casing and a table entry of
 * its own (several µs of a `kiosk.me`). single-calls.test.ts holds every header to the app's.
 */
export function inFrontOf(
  app: Express,
  mount: string,
  { headers, checks }: { headers: readonly RequestCheck[]; checks: readonly RequestCheck[] },
  calls: SingleCalls,
): http.RequestListener {
  const prefix = `${mount}/`;
  const head = headersSetBy(headers);
  const refusalHead = withHeaders(head, REFUSAL_HEADERS);
  const answerHead = withHeaders(head, calls.headers);
  return (req, res) => {
    if (!req.url?.startsWith(prefix)) return app(req, res);
    const view = requestView(app, req);
    const call = calls.claim(view);
    if (!call) return app(req, res);
    let at = 0;
    const next = (err?: unknown) => {
      if (err instanceof Refusal) {
        res.writeHead(err.status, refusalHead);
        return void res.end(err.body);
      }
      // No check passes anything else on; should one, it is a bug: a bare 500, as Express's would be.
      if (err) {
        console.error('[perch] a request check failed:', err);
        res.writeHead(500, head);
        return void res.end();
      }
      const check = checks[at++];
      if (check) return void check(view, res, next);
      calls.answer(view, req, res, call, answerHead);
    };
    next();
  };
}

/**
 * What `checks` set on a response, as [name, value, …] for writeHead. They must set the same for
 * every request and go on at once: they run on a blank response.
 */
function headersSetBy(checks: readonly RequestCheck[]): string[] {
  const res = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
  for (const check of checks) {
    let wentOn = false;
    check({} as Request, res, (err) => (wentOn = err === undefined));
    if (!wentOn) throw new Error('A check that only sets headers must go on at once, without an error.');
  }
  return res.getHeaderNames().flatMap((name) => {
    const value = res.getHeader(name)!;
    return (Array.isArray(value) ? value : [String(value)]).flatMap((one) => [name, one]);
  });
}

/** `head` with `more` ([name, value, …]) added, each replacing any header of the same name. */
export function withHeaders(head: readonly string[], more: readonly string[]): string[] {
  const replaced = new Set(more.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase()));
  const kept = head.filter((_, i) => !replaced.has(head[i - (i % 2)]!.toLowerCase()));
  return [...kept, ...more];
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
