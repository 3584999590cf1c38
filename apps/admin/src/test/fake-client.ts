import type { AppRouter } from '@perch/api';
import type { ExistingSession } from '@perch/shared';
import { createTRPCClient, TRPCClientError, type Operation, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

/**
 * A tRPC client whose answers come from `answer(op)` instead of the network, for component tests
 * of client-side logic. (The e2e suite drives the real API in Chromium.)
 */
export function fakeClient(answer: (op: Operation) => unknown) {
  const link: TRPCLink<AppRouter> = () => ({ op }) =>
    observable((observer) => {
      Promise.resolve()
        .then(() => answer(op))
        .then(
          (data) => {
            observer.next({ result: { type: 'data', data } });
            observer.complete();
          },
          (err: unknown) => observer.error(TRPCClientError.from(err as Error)),
        );
      return () => {};
    });
  return createTRPCClient<AppRouter>({ links: [link] });
}

/** What the server sends for a failed call, shaped by Perch's error formatter. */
export function serverError(
  code: string,
  message: string,
  extra: {
    httpStatus?: number;
    reason?: string | null;
    fieldErrors?: Record<string, string> | null;
    existingSessions?: ExistingSession[] | null;
  } = {},
) {
  return TRPCClientError.from({
    error: {
      code: -32000,
      message,
      data: {
        code,
        httpStatus: extra.httpStatus ?? 400,
        reason: extra.reason ?? null,
        fieldErrors: extra.fieldErrors ?? null,
        retryAfterSec: null,
        existingSessions: extra.existingSessions ?? null,
      },
    },
  });
}
