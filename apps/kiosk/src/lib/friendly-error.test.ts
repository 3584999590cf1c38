import { describe, expect, it } from 'vitest';
import { NOT_ENROLLED_MESSAGE } from '@perch/shared';
import { kioskI18n } from '../i18n';
import { describeError as describe_, isForceEnded, isSessionGone, waitMinutes, type Problem } from './friendly-error';

/** The problem as an English-speaking kiosk shows it. */
const worded = (p: Problem) => ({ ...p, title: kioskI18n.t(p.title), message: kioskI18n.t(p.message) });
const describeError = (err: unknown, online: boolean) => worded(describe_(err, online));

const trpcError = (code: string, httpStatus: number, reason: string | null, retryAfterSec: number | null = null) => ({
  message: 'server words',
  data: { code, httpStatus, reason, retryAfterSec },
});

describe('describeError', () => {
  it('gives each redeem failure its own words', () => {
    expect(describeError(trpcError('NOT_FOUND', 404, 'CODE_UNKNOWN'), true)).toMatchObject({
      kind: 'wrong-code',
      title: 'We couldn’t find that code',
      canRetry: false,
    });
    expect(describeError(trpcError('BAD_REQUEST', 400, 'CODE_MALFORMED'), true).kind).toBe('wrong-code');
    expect(describeError(trpcError('BAD_REQUEST', 400, 'VALIDATION'), true).kind).toBe('wrong-code');
    expect(describeError(trpcError('CONFLICT', 409, 'CODE_USED'), true)).toMatchObject({
      kind: 'code-used',
      message: expect.stringMatching(/new one/),
    });
    expect(describeError(trpcError('PRECONDITION_FAILED', 412, 'CODE_EXPIRED'), true)).toMatchObject({
      kind: 'code-expired',
      title: 'That code has expired',
    });
  });

  it('tells a browser that is not an enrolled tablet why it cannot start a session', () => {
    expect(describeError(trpcError('FORBIDDEN', 403, 'NOT_ENROLLED'), true)).toMatchObject({
      kind: 'not-enrolled',
      title: 'This tablet is not enrolled',
      message: NOT_ENROLLED_MESSAGE,
      canRetry: false,
    });
  });

  it('tells how long to wait after too many tries, in words a child reads as a wait (not "8:46")', () => {
    const problem = describeError(trpcError('TOO_MANY_REQUESTS', 429, 'RATE_LIMITED', 526), true);
    expect(problem).toMatchObject({ kind: 'too-many-tries', retryAfterSec: 526, canRetry: false });
    expect(problem.message).toBe('Let’s take a short break. You can try again in about 9 minutes.');
    expect(describeError(trpcError('TOO_MANY_REQUESTS', 429, 'RATE_LIMITED', 75), true).message).toContain('in about a minute.');
    // A 429 without a reason (a proxy) still reads as a wait.
    expect(describeError(trpcError('TOO_MANY_REQUESTS', 429, null, 30), true).message).toContain('in less than a minute.');
  });

  it('words the wait in Spanish too', async () => {
    await kioskI18n.activate('es');
    try {
      const wait = (sec: number) => kioskI18n.t(describe_(trpcError('TOO_MANY_REQUESTS', 429, 'RATE_LIMITED', sec), true).message);
      expect(wait(526)).toBe('Vamos a descansar un poquito. Puedes volver a intentarlo en unos 9 minutos.');
      expect(wait(75)).toContain('en más o menos un minuto.');
      expect(wait(30)).toContain('en menos de un minuto.');
      expect(kioskI18n.t(describe_(trpcError('NOT_FOUND', 404, 'CODE_UNKNOWN'), true).title)).toBe('No encontramos ese código');
    } finally {
      await kioskI18n.activate('en');
    }
  });

  it('separates offline from a server that does not answer, both with Retry', () => {
    const networkFailure = { message: 'Failed to fetch', cause: new TypeError('Failed to fetch') };
    expect(describeError(networkFailure, false)).toMatchObject({ kind: 'offline', canRetry: true });
    expect(describeError(networkFailure, true)).toMatchObject({ kind: 'unreachable', canRetry: true });
    expect(describeError(trpcError('BAD_GATEWAY', 502, null), true).kind).toBe('unreachable');
    // Perch itself answered 503: its database is away or it is restarting.
    expect(describeError(trpcError('SERVICE_UNAVAILABLE', 503, 'UNAVAILABLE', 5), true)).toMatchObject({
      kind: 'unreachable',
      title: 'Perch needs a moment',
      canRetry: true,
    });
    expect(describeError(new Error('boom'), true).kind).toBe('unreachable');
  });

  it('reads a lost session and unexpected failures kindly', () => {
    expect(describeError(trpcError('UNAUTHORIZED', 401, 'SESSION_ENDED'), true).kind).toBe('session-ended');
    expect(describeError(trpcError('INTERNAL_SERVER_ERROR', 500, null), true)).toMatchObject({
      kind: 'server',
      canRetry: true,
    });
  });
});

describe('isSessionGone', () => {
  it('is true only for UNAUTHORIZED', () => {
    expect(isSessionGone(trpcError('UNAUTHORIZED', 401, 'SESSION_ENDED'))).toBe(true);
    expect(isSessionGone(trpcError('NOT_FOUND', 404, 'CODE_UNKNOWN'))).toBe(false);
    expect(isSessionGone(new TypeError('Failed to fetch'))).toBe(false);
  });
});

describe('isForceEnded', () => {
  it('is true only for SESSION_FORCE_ENDED, which is otherwise read as a lost session', () => {
    expect(isForceEnded(trpcError('UNAUTHORIZED', 401, 'SESSION_FORCE_ENDED'))).toBe(true);
    expect(isSessionGone(trpcError('UNAUTHORIZED', 401, 'SESSION_FORCE_ENDED'))).toBe(true);
    expect(describeError(trpcError('UNAUTHORIZED', 401, 'SESSION_FORCE_ENDED'), true).kind).toBe('session-ended');
    expect(isForceEnded(trpcError('UNAUTHORIZED', 401, 'SESSION_ENDED'))).toBe(false);
  });
});

describe('waitMinutes', () => {
  it('rounds to whole minutes, "about a minute" up to a minute and a half, "less than a minute" below one', () => {
    expect(waitMinutes(200)).toBe(0);
    expect(waitMinutes(59_000)).toBe(0);
    expect(waitMinutes(60_000)).toBe(1);
    expect(waitMinutes(89_000)).toBe(1);
    expect(waitMinutes(90_000)).toBe(2);
    expect(waitMinutes(526_000)).toBe(9); // 8:46
    expect(waitMinutes(14 * 60_000 + 50_000)).toBe(15);
  });
});
