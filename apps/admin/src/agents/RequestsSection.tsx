import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AGENT_REQUEST_TTL_MS } from '@perch/shared';
import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
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
import 'messages:requests';

const TTL_MIN = AGENT_REQUEST_TTL_MS / 60_000;

/** Calls the policy holds for a decision, newest first, kept current by the event stream. */
export function RequestsSection({ eventsStatus, reconnecting = false }: { eventsStatus: TRPCSubscriptionStatus; reconnecting?: boolean }) {
  const { t } = useI18n();
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
  const titles = new Map(tools.data?.map((tool) => [tool.name, tool.title]));

  return (
    <section className="agents-section" aria-labelledby="agents-requests-title">
      <div className="section-header">
        <div>
          <h2 id="agents-requests-title">{t('requests.title')}</h2>
          <p className="section-lede">{t('requests.lede', { minutes: TTL_MIN })}</p>
        </div>
        <LiveIndicator status={eventsStatus} reconnecting={reconnecting} />
      </div>
      <p className="section-count" aria-live="polite">
        {requests.data && t(waiting === 0 ? 'requests.nothing' : 'requests.waiting', { count: waiting })}
      </p>
      {requests.error && <ErrorNotice>{errorMessage(requests.error)}</ErrorNotice>}
      {requests.isPending ? (
        <Loading label={t('requests.loading')} />
      ) : list.length === 0 && !requests.error ? (
        <EmptyState title={t('requests.none')}>{richText(t('requests.noneHint'), { code: (text) => <code>{text}</code> })}</EmptyState>
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
