import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AGENT_REQUEST_TTL_MS } from '@perch/shared';
import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { errorMessage } from '../lib/errors';
import { useNow } from '../lib/use-now';
import { LiveIndicator } from '../live/LiveIndicator';
import { LIST_FALLBACK_REFETCH_MS } from '../sessions/session-cache';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { currentState, REQUESTS_LIST_INPUT } from './request-cache';
import { RequestCard } from './RequestCard';
import { useArgumentNames } from './use-argument-names';

const TTL_MIN = AGENT_REQUEST_TTL_MS / 60_000;

/** Calls the policy holds for a decision, newest first, kept current by the event stream. */
export function RequestsSection({ eventsStatus }: { eventsStatus: TRPCSubscriptionStatus }) {
  const trpc = useTRPC();
  const now = useNow(5_000);
  const names = useArgumentNames();
  const tools = useQuery(trpc.agents.tools.list.queryOptions());
  const requests = useQuery({
    ...trpc.agents.requests.list.queryOptions(REQUESTS_LIST_INPUT),
    placeholderData: keepPreviousData,
    // Idle means the stream is paused for an expired sign-in: polling would only collect 401s.
    refetchInterval:
      eventsStatus === 'idle' ? false : eventsStatus === 'pending' ? LIST_FALLBACK_REFETCH_MS.streaming : LIST_FALLBACK_REFETCH_MS.offline,
  });
  const list = requests.data ?? [];
  const waiting = list.filter((r) => currentState(r, now) === 'pending').length;
  const titles = new Map(tools.data?.map((t) => [t.name, t.title]));

  return (
    <section className="agents-section" aria-labelledby="agents-requests-title">
      <div className="section-header">
        <div>
          <h2 id="agents-requests-title">Approval requests</h2>
          <p className="section-lede">
            Calls the policy holds for an admin’s decision. Nothing runs until you approve, and a request lapses after {TTL_MIN}{' '}
            minutes.
          </p>
        </div>
        <LiveIndicator status={eventsStatus} />
      </div>
      <p className="section-count" aria-live="polite">
        {requests.data && (waiting === 0 ? 'Nothing is waiting for you.' : `${waiting} waiting for your decision.`)}
      </p>
      {requests.error && <ErrorNotice>{errorMessage(requests.error)}</ErrorNotice>}
      {requests.isPending ? (
        <Loading label="Loading requests…" />
      ) : list.length === 0 && !requests.error ? (
        <EmptyState title="No requests yet">
          When an agent calls a tool the policy marks <code>"approval": "required"</code>, the call waits here for you.
        </EmptyState>
      ) : (
        <ul className="request-list">
          {list.map((r) => (
            <li key={r.id}>
              <RequestCard request={r} now={now} toolTitle={titles.get(r.tool)} names={names} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
