import type { AppRouter } from '@perch/api';
import type { ErrorReason } from '@perch/shared';
import type { inferRouterOutputs } from '@trpc/server';

type KioskOutputs = inferRouterOutputs<AppRouter>['kiosk'];
export type KioskSession = KioskOutputs['me'];
export type Redeemed = KioskOutputs['redeem'];

/** The `data` Perch's tRPC error formatter fills in (see lib/friendly-error.ts, which reads it). */
export interface KioskErrorData {
  code?: string;
  httpStatus?: number;
  reason?: ErrorReason | null;
  retryAfterSec?: number | null;
}

/** A call Perch answered with an error; `data` is null when the answer was not Perch's (a proxy page). */
export class KioskApiError extends Error {
  constructor(
    message: string,
    readonly data: KioskErrorData | null,
  ) {
    super(message);
    this.name = 'KioskApiError';
  }
}

const BASE = '/trpc';

/**
 * One tRPC procedure over HTTP, unbatched: GET for a query, POST with a JSON body for a mutation;
 * the answer is `{ result: { data } }` or `{ error: { message, data } }`. The kiosk's four calls need
 * no more than this, and not shipping a tRPC/TanStack client keeps its first screen small (the event
 * stream, which needs tRPC's SSE protocol, loads @trpc/client separately: session-events.ts).
 * Same origin: the browser attaches the HttpOnly kiosk cookie; this code never sees it.
 */
async function call<T>(path: string, init: RequestInit): Promise<T> {
  const res = await fetch(`${BASE}/${path}`, { credentials: 'same-origin', ...init });
  const body = (await res.json().catch(() => null)) as { result?: { data: T }; error?: { message: string; data?: KioskErrorData } } | null;
  if (body?.error) throw new KioskApiError(body.error.message, body.error.data ?? null);
  if (!res.ok || !body?.result) throw new KioskApiError(`Perch answered ${res.status} without a result.`, null);
  return body.result.data;
}

// A mutation without input still sends a JSON body (`{}`, which such a procedure ignores): the API
// reads every request's input for its NUL guard, and an empty body is not JSON to it.
const mutation = <T>(path: string, input: unknown = {}) =>
  call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });

export const kioskApi = {
  /** Trades the code for the HttpOnly session cookie; answers who the session is for and until when. */
  redeem: (code: string) => mutation<Redeemed>('kiosk.redeem', { code }),
  me: () => call<KioskSession>('kiosk.me', { method: 'GET' }),
  touch: () => mutation<KioskSession>('kiosk.touch'),
  finish: () => mutation<KioskSession>('kiosk.finish'),
};
