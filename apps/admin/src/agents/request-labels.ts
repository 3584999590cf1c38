import type { AgentRequest, AgentRequestState } from '@perch/shared';
import { t } from '../i18n';
import { formatTime } from '../lib/format';
import 'messages:outcome';
import 'messages:requestState';

/** A request's state in words (catalog: `requestState.<state>`). */
export const requestStateLabel = (state: AgentRequestState) => t(`requestState.${state}`);

/** What became of a request, in a sentence, once it is no longer waiting for a decision. */
export function describeOutcome(request: AgentRequest, state: AgentRequestState): string {
  // " by ada@… at 10:42": who and when, each left out when unknown ('_' in the catalog's select).
  const decided = { who: t('outcome.who', { by: request.decidedBy ?? '_', at: request.decidedAt ? formatTime(request.decidedAt) : '_' }) };
  switch (state) {
    case 'pending':
      return '';
    case 'approved':
      return t('outcome.approved', decided);
    case 'running':
      return t('outcome.running', decided);
    case 'done':
      return t('outcome.done', { ...decided, outcome: request.outcome ?? t('outcome.ran') });
    case 'failed':
      return t('outcome.failed', { ...decided, outcome: request.outcome ?? t('outcome.noReason') });
    case 'declined':
      return t('outcome.declined', decided);
    case 'expired':
      return request.decidedAt ? t('outcome.uncollected', decided) : t('outcome.undecided');
  }
}
