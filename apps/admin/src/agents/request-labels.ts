import type { AgentRequest, AgentRequestState } from '@perch/shared';
import { formatTime } from '../lib/format';

export const REQUEST_STATE_LABELS: Record<AgentRequestState, string> = {
  pending: 'Waiting for you',
  approved: 'Approved',
  declined: 'Declined',
  expired: 'Lapsed',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

/** What became of a request, in a sentence, once it is no longer waiting for a decision. */
export function describeOutcome(request: AgentRequest, state: AgentRequestState): string {
  const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
  const at = request.decidedAt ? ` at ${formatTime(request.decidedAt)}` : '';
  switch (state) {
    case 'pending':
      return '';
    case 'approved':
      return `Approved${by}${at}. It runs when the agent asks for the outcome.`;
    case 'running':
      return `Approved${by}${at}. Running now.`;
    case 'done':
      return `Approved${by}${at}. ${request.outcome ?? 'It ran.'}`;
    case 'failed':
      return `Approved${by}${at}, but it failed: ${request.outcome ?? 'no reason was recorded.'}`;
    case 'declined':
      return `Declined${by}${at}. It did not run; the agent is told so.`;
    case 'expired':
      return request.decidedAt
        ? `Approved${by}${at}, but the agent did not collect it in time, so it did not run.`
        : 'Nobody decided in time, so it did not run. The agent has to ask again.';
  }
}
