import { LIVE_STATES, type SessionState, type SessionSummary } from '@perch/shared';

/** The input a `sessions.list` query was made with (it decides whether an event belongs in it). */
export interface SessionListInput {
  states?: SessionState[] | undefined;
  batchId?: string | undefined;
  limit?: number | undefined;
}

/**
 * Folds one `sessions.events` message into a cached `sessions.list` result: replace the row,
 * add a new one at the top, or drop a row that no longer matches the list's state filter.
 * Returns the same array when nothing changes, so React Query skips the re-render.
 */
export function applySessionEvent(
  list: SessionSummary[] | undefined,
  event: SessionSummary,
  input: SessionListInput | undefined,
): SessionSummary[] | undefined {
  if (!list) return list;
  const belongs =
    (!input?.states || input.states.includes(event.state)) && (!input?.batchId || event.batchId === input.batchId);
  const index = list.findIndex((s) => s.id === event.id);
  if (index === -1) {
    if (!belongs) return list;
    const grown = [event, ...list];
    return input?.limit ? grown.slice(0, input.limit) : grown;
  }
  if (!belongs) return list.filter((s) => s.id !== event.id);
  const next = list.slice();
  next[index] = event;
  return next;
}

/** Newest first; the order the live table shows. */
export function sortSessions(list: readonly SessionSummary[]): SessionSummary[] {
  return [...list].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/**
 * The live table's default `sessions.list` query: every state, newest first. The start dialog
 * reads the same cache entry, which the event stream keeps current.
 */
export const RECENT_LIST_INPUT = { limit: 100 };
/** The "only in play" view of the live table. */
export const LIVE_LIST_INPUT = { states: [...LIVE_STATES] as SessionState[] };
/** Poll this often as a safety net; the event stream normally makes it unnecessary. */
export const LIST_FALLBACK_REFETCH_MS = { streaming: 30_000, offline: 5_000 } as const;
