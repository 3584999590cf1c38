import { LIVE_STATES, type SessionState, type SessionSummary } from '@perch/shared';
import { upsertItem } from '../lib/list-cache';

/** The input a `sessions.list` query was made with (it decides whether an event belongs in it). */
export interface SessionListInput {
  states?: SessionState[] | undefined;
  batchId?: string | undefined;
  limit?: number | undefined;
}

/**
 * Folds one `sessions.events` message into a cached `sessions.list` result (see `upsertItem`): a
 * session leaves a list whose state or class filter it no longer matches.
 */
export function applySessionEvent(
  list: SessionSummary[] | undefined,
  event: SessionSummary,
  input: SessionListInput | undefined,
): SessionSummary[] | undefined {
  const belongs =
    (!input?.states || input.states.includes(event.state)) && (!input?.batchId || event.batchId === input.batchId);
  return upsertItem(list, event, belongs, input?.limit);
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
/** States still in play, for quick membership tests. */
export const LIVE_STATES_SET: ReadonlySet<SessionState> = new Set(LIVE_STATES);
/** The "only in play" view of the live table. */
export const LIVE_LIST_INPUT = { states: [...LIVE_STATES] as SessionState[] };
/** Poll this often as a safety net; the event stream normally makes it unnecessary. */
export const LIST_FALLBACK_REFETCH_MS = { streaming: 30_000, offline: 5_000 } as const;
