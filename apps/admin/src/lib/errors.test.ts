import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { needsFreshSession } from '../sessions/renew';
import { serverError } from '../test/fake-client';
import { adminI18n } from '../i18n';
import { errorMessage, isSignedOutError, toUserError, visibleError } from './errors';

const SIGNED_OUT_MESSAGE = 'Your sign-in has expired. Sign in again; what you typed is kept.';
const UNREACHABLE_MESSAGE = 'Perch could not be reached. Check your connection and try again.';

describe('toUserError', () => {
  it('keeps the server’s own sentence and field errors', () => {
    const err = serverError('BAD_REQUEST', 'Enter the learner’s name.', {
      reason: 'VALIDATION',
      fieldErrors: { name: 'Enter the learner’s name.' },
    });
    expect(toUserError(err)).toEqual({
      message: 'Enter the learner’s name.',
      fieldErrors: { name: 'Enter the learner’s name.' },
      code: 'BAD_REQUEST',
      reason: 'VALIDATION',
    });
  });

  it('names who already has a session and where, not the API’s argument, when a start is refused for that', () => {
    const err = serverError('CONFLICT', 'Maya Okafor already has a session on Tablet 3, ends in about 20 minutes. … send onExisting "end" …', {
      reason: 'LEARNER_HAS_SESSION',
      httpStatus: 409,
      existingSessions: [
        {
          sessionId: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b',
          learnerId: '1b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b',
          learnerName: 'Maya Okafor',
          state: 'active',
          tabletName: 'Tablet 3',
          endsAt: new Date().toISOString(),
          minutesLeft: 20,
        },
      ],
    });
    expect(toUserError(err).message).toBe('Maya Okafor already has a session on Tablet 3, ends in about 20 minutes. Nothing was started.');
  });

  it('says plainly when the sign-in has expired, but not for a wrong password', () => {
    const expired = serverError('UNAUTHORIZED', 'Please sign in as an admin to do that.', { httpStatus: 401, reason: 'NOT_SIGNED_IN' });
    expect(isSignedOutError(expired)).toBe(true);
    expect(toUserError(expired).message).toBe(SIGNED_OUT_MESSAGE);

    const wrongPassword = serverError('UNAUTHORIZED', 'That email and password do not match.', {
      httpStatus: 401,
      reason: 'INVALID_CREDENTIALS',
    });
    expect(isSignedOutError(wrongPassword)).toBe(false);
    expect(toUserError(wrongPassword).message).toBe('That email and password do not match.');
  });

  it('leaves a lapsed sign-in to the sign-in overlay instead of showing it in every form', () => {
    const expired = serverError('UNAUTHORIZED', 'Please sign in as an admin to do that.', { httpStatus: 401, reason: 'NOT_SIGNED_IN' });
    expect(visibleError(expired)).toBeNull();
    expect(errorMessage(expired)).toBeNull();
    expect(errorMessage(serverError('NOT_FOUND', 'That learner was not found.'))).toBe('That learner was not found.');
    expect(errorMessage(null)).toBeNull();
  });

  it('explains a request that never reached Perch, instead of showing "Failed to fetch"', () => {
    const offline = TRPCClientError.from(new TypeError('Failed to fetch'));
    expect(toUserError(offline)).toMatchObject({ message: UNREACHABLE_MESSAGE, code: null });
    expect(toUserError(new Error('boom')).message).toBe(UNREACHABLE_MESSAGE);
  });
});

describe('toUserError in Spanish', () => {
  it('words the failures the app knows in Spanish, and keeps the server’s own sentence as it came', async () => {
    await adminI18n.activate('es');
    const expired = serverError('UNAUTHORIZED', 'Please sign in as an admin to do that.', { httpStatus: 401, reason: 'NOT_SIGNED_IN' });
    expect(toUserError(expired).message).toBe('Tu sesión ha caducado. Vuelve a iniciar sesión; lo que escribiste se conserva.');
    expect(toUserError(TRPCClientError.from(new TypeError('Failed to fetch'))).message).toMatch(/^No se pudo conectar con Perch/);
    expect(errorMessage(serverError('NOT_FOUND', 'That learner was not found.'))).toBe('That learner was not found.');
  });
});

describe('needsFreshSession', () => {
  it('starts a fresh session when the old one cannot take a new code', () => {
    const lapsed = serverError('CONFLICT', 'This code has lapsed, so its session has expired.', { reason: 'INVALID_TRANSITION' });
    expect(needsFreshSession(lapsed)).toBe(true);
    expect(needsFreshSession(serverError('NOT_FOUND', 'That session was not found.', { reason: 'NOT_FOUND' }))).toBe(true);
  });

  it('does not paper over sign-in, throttling or network failures', () => {
    expect(needsFreshSession(serverError('UNAUTHORIZED', 'Please sign in.', { reason: 'NOT_SIGNED_IN' }))).toBe(false);
    expect(needsFreshSession(serverError('TOO_MANY_REQUESTS', 'Slow down.', { reason: 'RATE_LIMITED' }))).toBe(false);
    expect(needsFreshSession(TRPCClientError.from(new TypeError('Failed to fetch')))).toBe(false);
  });
});
