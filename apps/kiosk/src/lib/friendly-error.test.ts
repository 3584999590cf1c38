import { describe, expect, it } from 'vitest';
import { NOT_ENROLLED_MESSAGE } from '@perch/shared';
import { describeError, formatWait, isSessionGone } from './friendly-error';

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

  it('tells how long to wait after too many tries', () => {
    const problem = describeError(trpcError('TOO_MANY_REQUESTS', 429, 'RATE_LIMITED', 125), true);
    expect(problem).toMatchObject({ kind: 'too-many-tries', retryAfterSec: 125, canRetry: false });
    expect(problem.message).toContain('3 minutes');
    // A 429 without a reason (a proxy) still reads as a wait.
    expect(describeError(trpcError('TOO_MANY_REQUESTS', 429, null, 30), true).message).toContain('30 seconds');
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

describe('formatWait', () => {
  it('rounds up to whole seconds or minutes', () => {
    expect(formatWait(0.2)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
  });
});
