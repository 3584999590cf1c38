import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { Page } from '../ui/Page';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { navigate } from '../lib/routes';
import { useNow } from '../lib/use-now';
import { LIST_FALLBACK_REFETCH_MS, LIVE_LIST_INPUT, RECENT_LIST_INPUT, sortSessions } from '../sessions/session-cache';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { EndSessionDialog } from './EndSessionDialog';
import { ForceEndDialog } from './ForceEndDialog';
import { LiveIndicator } from './LiveIndicator';
import { SessionsTable } from './SessionsTable';
import { ClassFilter } from './ClassFilter';
import { ThrottleNotice } from './ThrottleNotice';
import 'messages:live';
import 'messages:nav';

type View = 'recent' | 'live';

/** Every session in play (or recently finished), kept current by the event stream. */
export function LiveSessionsPage({ eventsStatus, reconnecting }: { eventsStatus: TRPCSubscriptionStatus; reconnecting: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [view, setView] = useState<View>('recent');
  const [batchId, setBatchId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'end' | 'force'; session: SessionSummary } | null>(null);
  const now = useNow(15_000);
  const sessions = useQuery({
    ...trpc.sessions.list.queryOptions({ ...(view === 'live' ? LIVE_LIST_INPUT : RECENT_LIST_INPUT), ...(batchId ? { batchId } : {}) }),
    placeholderData: keepPreviousData,
    // Idle means the stream is paused for an expired sign-in: polling would only collect 401s.
    refetchInterval:
      eventsStatus === 'idle' ? false : eventsStatus === 'pending' ? LIST_FALLBACK_REFETCH_MS.streaming : LIST_FALLBACK_REFETCH_MS.offline,
  });
  const list = sortSessions(sessions.data ?? []);

  return (
    <Page
      id="live"
      title={t('nav.live')}
      lede={t('live.lede')}
      actions={<LiveIndicator status={eventsStatus} reconnecting={reconnecting} />}
    >
      <ThrottleNotice />
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('live.which')}>
          <button type="button" className={view === 'recent' ? 'segment segment-on' : 'segment'} aria-pressed={view === 'recent'} onClick={() => setView('recent')}>
            {t('live.recent')}
          </button>
          <button type="button" className={view === 'live' ? 'segment segment-on' : 'segment'} aria-pressed={view === 'live'} onClick={() => setView('live')}>
            {t('live.inPlay')}
          </button>
        </div>
        <ClassFilter batchId={batchId} onChange={setBatchId} />
        <p className="toolbar-count">{sessions.data && t('live.count', { count: list.length })}</p>
      </div>

      {sessions.error && <ErrorNotice>{errorMessage(sessions.error)}</ErrorNotice>}
      {sessions.isPending ? (
        <Loading label={t('live.loading')} />
      ) : list.length === 0 && !sessions.error ? (
        <EmptyState
          title={t(view === 'live' ? 'live.noneInPlay' : 'live.none')}
          action={
            <button type="button" className="btn btn-primary" onClick={() => navigate('learners')}>
              {t('live.start')}
            </button>
          }
        >
          {t('live.noneHint')}
        </EmptyState>
      ) : (
        list.length > 0 && (
          <SessionsTable
            sessions={list}
            now={now}
            caption={t('live.caption')}
            onEnd={(session) => setDialog({ kind: 'end', session })}
            onForceEnd={(session) => setDialog({ kind: 'force', session })}
          />
        )
      )}

      {dialog?.kind === 'end' && <EndSessionDialog session={dialog.session} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'force' && <ForceEndDialog session={dialog.session} onClose={() => setDialog(null)} />}
    </Page>
  );
}
