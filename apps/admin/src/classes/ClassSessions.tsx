import { useQuery } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useNow } from '../lib/use-now';
import { EndSessionDialog } from '../live/EndSessionDialog';
import { ForceEndDialog } from '../live/ForceEndDialog';
import { SessionsTable } from '../live/SessionsTable';
import { LIST_FALLBACK_REFETCH_MS, LIVE_STATES_SET, sortSessions } from '../sessions/session-cache';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { EndClassDialog } from './EndClassDialog';
import 'messages:classes';

/** One class's sessions, live (the shell's event stream keeps this list current), and "End class". */
export function ClassSessions({ batchId }: { batchId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const now = useNow(15_000);
  const [dialog, setDialog] = useState<{ kind: 'end' | 'force'; session: SessionSummary } | { kind: 'class' } | null>(null);
  const [ended, setEnded] = useState<number | null>(null);
  const sessions = useQuery({ ...trpc.sessions.list.queryOptions({ batchId }), refetchInterval: LIST_FALLBACK_REFETCH_MS.streaming });
  const list = sortSessions(sessions.data ?? []);
  const live = list.filter((s) => LIVE_STATES_SET.has(s.state)).length;

  return (
    <>
      {sessions.error && <ErrorNotice>{errorMessage(sessions.error)}</ErrorNotice>}
      {ended !== null && (
        <p className="notice notice-info" role="status">
          {t('classes.ended', { count: ended })}
        </p>
      )}
      {sessions.isPending ? (
        <Loading label={t('classes.loadingOne')} />
      ) : (
        <SessionsTable
          sessions={list}
          now={now}
          caption={t('classes.caption')}
          onEnd={(session) => setDialog({ kind: 'end', session })}
          onForceEnd={(session) => setDialog({ kind: 'force', session })}
        />
      )}
      {live > 0 && (
        <div className="form-actions form-actions-start">
          <button type="button" className="btn btn-danger-ghost" onClick={() => setDialog({ kind: 'class' })}>
            {t('classes.end')}
          </button>
        </div>
      )}
      {dialog?.kind === 'end' && <EndSessionDialog session={dialog.session} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'force' && <ForceEndDialog session={dialog.session} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'class' && (
        <EndClassDialog
          batchId={batchId}
          count={live}
          onDone={(revoked) => {
            setEnded(revoked);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
