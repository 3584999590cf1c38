import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentRequest } from '@perch/shared';
import { useId } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatAgo, formatRelative, formatTime } from '../lib/format';
import { updateCachedLists } from '../lib/list-cache';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { applyRequestEvent, currentState, type RequestListInput } from './request-cache';
import { describeOutcome, requestStateLabel } from './request-labels';
import { RequestArguments } from './RequestArguments';
import 'messages:request';

interface RequestCardProps {
  request: AgentRequest;
  now: number;
  /** The tool's title from `agents.tools.list`, when loaded. */
  toolTitle: string | undefined;
  names: ReadonlyMap<string, string>;
}

/** One approval request: what the agent wants to do, with which arguments, and the admin's decision. */
export function RequestCard({ request, now, toolTitle, names }: RequestCardProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const headingId = useId();
  const mutationOptions = {
    // The answer is the decided request; fold it in at once rather than wait for the event stream.
    onSuccess: (decided: AgentRequest) =>
      updateCachedLists<AgentRequest, RequestListInput>(queryClient, trpc.agents.requests.list.pathKey(), (list, input) =>
        applyRequestEvent(list, decided, input),
      ),
    // Someone else decided first, or it lapsed: show where it stands now.
    onError: () => void queryClient.invalidateQueries(trpc.agents.requests.list.pathFilter()),
  };
  const approve = useMutation(trpc.agents.requests.approve.mutationOptions(mutationOptions));
  const decline = useMutation(trpc.agents.requests.decline.mutationOptions(mutationOptions));
  const busy = approve.isPending || decline.isPending;
  const failure = errorMessage(approve.error ?? decline.error);
  const state = currentState(request, now);
  const input = { requestId: request.id };

  return (
    <article className={`request request-${state}`} aria-labelledby={headingId} data-request-id={request.id} data-state={state}>
      <header className="request-header">
        <h3 id={headingId}>
          <code className="request-tool">{request.tool}</code>
          {toolTitle && <span className="request-title">{toolTitle}</span>}
        </h3>
        <span className={`badge badge-request badge-request-${state}`}>{requestStateLabel(state)}</span>
      </header>
      <dl className="facts">
        <div>
          <dt>{t('request.agent')}</dt>
          <dd>{request.grantLabel}</dd>
        </div>
        <div>
          <dt>{t('request.requested')}</dt>
          <dd>
            <time dateTime={request.createdAt}>{formatTime(request.createdAt)}</time> ({formatAgo(request.createdAt, now)})
          </dd>
        </div>
        {state === 'pending' && (
          <div>
            <dt>{t('request.lapses')}</dt>
            <dd>
              <time dateTime={request.expiresAt}>{formatRelative(request.expiresAt, now)}</time>
            </dd>
          </div>
        )}
      </dl>
      <div className="request-args-block">
        <p className="eyebrow">{t('request.args')}</p>
        <RequestArguments args={request.args} names={names} />
      </div>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {state === 'pending' ? (
        <div className="request-actions">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => decline.mutate(input)}
            aria-label={t('request.declineFor', { tool: request.tool, agent: request.grantLabel })}
          >
            {t(decline.isPending ? 'request.declining' : 'request.decline')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => approve.mutate(input)}
            aria-label={t('request.approveFor', { tool: request.tool, agent: request.grantLabel })}
          >
            {t(approve.isPending ? 'request.approving' : 'request.approve')}
          </button>
        </div>
      ) : (
        <p className="request-outcome">{describeOutcome(request, state)}</p>
      )}
    </article>
  );
}
