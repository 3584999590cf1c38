import http from 'node:http';
import net from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { responseControl } from './request-context';

/** A response nobody will send: only its headers are read. */
function blankResponse(): http.ServerResponse {
  const req = new http.IncomingMessage(new net.Socket());
  return new http.ServerResponse(req);
}

/** The same response as Express's routes get it (app.handle swaps its prototype for the app's). */
function expressResponse(): express.Response {
  const app = express();
  const res = blankResponse();
  Object.setPrototypeOf(res, app.response);
  (res as unknown as { req: object }).req = {};
  return res as express.Response;
}

const EXPRESS_SESSION_COOKIE = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;
/** Expires is the clock's: compared as dates, within the second or two between the two writes. */
const withoutExpires = (line: string) => line.replace(/; Expires=[^;]+/, '; Expires=<date>');
const expiresOf = (line: string) => Date.parse(/Expires=([^;]+)/.exec(line)![1]!);

describe('responseControl writes cookies as Express’s res.cookie does', () => {
  it('a session cookie: the same attributes in the same order, Max-Age in seconds beside Expires', () => {
    const ours = blankResponse();
    responseControl(ours).setCookie('__Host-perch_kiosk', 'tok.en_123', { maxAgeMs: 90 * 60_000 + 999 });
    const theirs = expressResponse();
    theirs.cookie('__Host-perch_kiosk', 'tok.en_123', { ...EXPRESS_SESSION_COOKIE, maxAge: 90 * 60_000 + 999 });
    const [line, expected] = [String(ours.getHeader('set-cookie')), String(theirs.getHeader('set-cookie'))];
    expect(withoutExpires(line)).toBe(withoutExpires(expected));
    expect(line).toContain('Max-Age=5400;');
    expect(Math.abs(expiresOf(line) - expiresOf(expected))).toBeLessThanOrEqual(2000);
  });

  it('a time already past is a cookie that expires at once, not an error', () => {
    const ours = blankResponse();
    responseControl(ours).setCookie('__Host-perch_kiosk', 'x', { maxAgeMs: -5000 });
    expect(String(ours.getHeader('set-cookie'))).toMatch(/^__Host-perch_kiosk=x; Max-Age=0; Path=\/; Expires=/);
  });

  it('clearing: an empty value that expired in 1970, as res.clearCookie writes it', () => {
    const ours = blankResponse();
    responseControl(ours).clearCookie('__Host-perch_admin');
    const theirs = expressResponse();
    theirs.clearCookie('__Host-perch_admin', EXPRESS_SESSION_COOKIE);
    expect(ours.getHeader('set-cookie')).toBe(theirs.getHeader('set-cookie'));
    expect(String(ours.getHeader('set-cookie'))).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('several cookies in one answer are all kept, in order (as res.append keeps them)', () => {
    const ours = blankResponse();
    const control = responseControl(ours);
    control.clearCookie('__Host-perch_device');
    control.setCookie('__Host-perch_device', 'new', { maxAgeMs: 60_000 });
    control.setCookie('__Host-perch_kiosk', 'k', { maxAgeMs: 60_000 });
    const lines = ours.getHeader('set-cookie') as string[];
    expect(lines.map((l) => l.split(';')[0])).toEqual(['__Host-perch_device=', '__Host-perch_device=new', '__Host-perch_kiosk=k']);
  });
});

describe('responseControl with a list of headers (the head single calls write in one go)', () => {
  it('adds cookies and headers to the list, in order, a header replacing one of the same name, and nothing to the response', () => {
    const res = blankResponse();
    const headers: string[] = [];
    const control = responseControl(res, headers);
    control.clearCookie('__Host-perch_device');
    control.setHeader('Retry-After', '30');
    control.setCookie('__Host-perch_kiosk', 'k', { maxAgeMs: 60_000 });
    control.setHeader('retry-after', '60');
    expect(res.getHeaderNames()).toEqual([]);
    const names = headers.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(['Set-Cookie', 'Set-Cookie', 'retry-after']);
    expect(headers[1]).toBe(String(expressResponseWith((r) => r.clearCookie('__Host-perch_device', EXPRESS_SESSION_COOKIE))));
    expect(headers[3]).toMatch(/^__Host-perch_kiosk=k; Max-Age=60; Path=\/; Expires=.+; HttpOnly; Secure; SameSite=Strict$/);
    expect(headers[5]).toBe('60');
  });
});

/** The Set-Cookie line Express writes for `write`. */
function expressResponseWith(write: (res: express.Response) => void): string {
  const res = expressResponse();
  write(res);
  return String(res.getHeader('set-cookie'));
}
