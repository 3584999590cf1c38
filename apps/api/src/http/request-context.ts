import type http from 'node:http';
import { parse as parseCookies, serialize as serializeCookie, type SerializeOptions } from 'cookie';
import type { Request } from 'express';
import type { Context, ResponseControl, Services } from '../context';
import { withHeaders } from './front';

/**
 * What a procedure sees of a request: the services, who is asking, and what it may do to the
 * response. `req` is read through Express's request getters (`ip` and `trust proxy`); the response
 * is written through Node's own API, so the same context serves Express's routes and the single
 * calls taken in front of it (front.ts), whose responses never become Express's.
 */
export function requestContext(services: Services) {
  // Every context is a copy of this one with its two fields filled: a copy of one fixed shape is
  // V8's fast path, where adding fields to a fresh copy of the services took its slow one each time.
  const blank: Context = { ...services, req: null as never, res: null as never };
  return (req: Request, res: http.ServerResponse, headers?: string[]): Context => {
    const ctx = { ...blank };
    ctx.req = {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.get('user-agent') ?? null,
      acceptLanguage: req.get('accept-language') ?? null,
      cookies: req.headers.cookie ? parseCookies(req.headers.cookie) : {},
    };
    ctx.res = responseControl(res, headers);
    return ctx;
  };
}

/** Session cookies: HttpOnly, Secure, SameSite=Strict, Path=/ (required by the `__Host-` prefix). */
const SESSION_COOKIE: SerializeOptions = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' };

/**
 * Cookies and headers, written as Express's `res.cookie` and `res.clearCookie` write them (the
 * same attributes in the same order; a test holds the two side by side): Max-Age in seconds with
 * an Expires beside it, and clearing as an Expires in 1970. Given `headers` ([name, value, …]),
 * they are added there instead, for whoever writes the head to write with the rest (single calls
 * write theirs in one go: see front.ts).
 */
export function responseControl(res: http.ServerResponse, headers?: string[]): ResponseControl {
  const addCookie = (cookie: string) => (headers ? void headers.push('Set-Cookie', cookie) : appendSetCookie(res, cookie));
  return {
    setCookie(name, value, { maxAgeMs }) {
      const maxAge = Math.max(0, maxAgeMs);
      addCookie(serializeCookie(name, value, { ...SESSION_COOKIE, maxAge: Math.floor(maxAge / 1000), expires: new Date(Date.now() + maxAge) }));
    },
    clearCookie(name) {
      addCookie(serializeCookie(name, '', { ...SESSION_COOKIE, expires: new Date(1) }));
    },
    // As setHeader: one line, replacing any of the same name before it.
    setHeader: (name, value) => (headers ? void headers.splice(0, headers.length, ...withHeaders(headers, [name, value])) : void res.setHeader(name, value)),
  };
}

/** Adds a Set-Cookie line, keeping any set before it (as Express's res.append does). */
function appendSetCookie(res: http.ServerResponse, cookie: string): void {
  const before = res.getHeader('set-cookie');
  res.setHeader('Set-Cookie', before === undefined ? cookie : Array.isArray(before) ? [...before, cookie] : [String(before), cookie]);
}
