import type { AgentRequest, AgentRequestState } from '@perch/shared';
import { upsertItem } from '../lib/list-cache';

/** The input an `agents.requests.list` query was made with. */
export interface RequestListInput {
  states?: AgentRequestState[] | undefined;
  limit?: number | undefined;
}

/** The Agents page's list: the newest requests in every state, so a decided one stays with its outcome. */
export const REQUESTS_LIST_INPUT = { limit: 20 } satisfies RequestListInput;

/** Folds one `agents.requests.events` message into a cached list (see `upsertItem`). */
export function applyRequestEvent(
  list: AgentRequest[] | undefined,
  request: AgentRequest,
  input: RequestListInput | undefined,
): AgentRequest[] | undefined {
  return upsertItem(list, request, !input?.states || input.states.includes(request.state), input?.limit);
}

/**
 * The state to show now. The server marks a request expired only when someone reads the list, and
 * sends no event for it, so a deadline that has passed on this clock counts as lapsed here too.
 */
export function currentState(request: AgentRequest, now: number): AgentRequestState {
  const lapses = request.state === 'pending' || request.state === 'approved';
  return lapses && Date.parse(request.expiresAt) <= now ? 'expired' : request.state;
}
