import { useQuery } from '@tanstack/react-query';
import type { TabletSummary } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useNow } from '../lib/use-now';
import { EndSessionDialog } from '../live/EndSessionDialog';
import { LiveIndicator } from '../live/LiveIndicator';
import { LIST_FALLBACK_REFETCH_MS } from '../sessions/session-cache';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { Page } from '../ui/Page';
import { AddTabletDialog } from './AddTabletDialog';
import { KioskNamesSection } from './KioskNamesSection';
import { RedeemModeSection } from './RedeemModeSection';
import { RenameTabletDialog } from './RenameTabletDialog';
import { RetireTabletDialog } from './RetireTabletDialog';
import { TabletRow } from './TabletRow';
import { useTabletEvents } from './use-tablet-events';
import { ActionsTable } from '../ui/ActionsTable';
import 'messages:learners';
import 'messages:nav';
import 'messages:sessions';
import 'messages:tablets';

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'rename' | 'retire' | 'end'; tablet: TabletSummary }
  | null;

/** The school's own tablets: enroll one, see which are online and who is on each, rename, retire. */
export function TabletsPage({ live }: { live: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const now = useNow(15_000);
  const events = useTabletEvents(live);
  const tablets = useQuery({
    ...trpc.tablets.list.queryOptions(),
    // The stream normally refreshes the list; this is the safety net (and "last seen" ageing).
    refetchInterval: events.status === 'pending' ? LIST_FALLBACK_REFETCH_MS.streaming : LIST_FALLBACK_REFETCH_MS.offline,
  });
  const list = tablets.data ?? [];
  const add = () => setDialog({ kind: 'add' });

  return (
    <Page
      id="tablets"
      title={t('nav.tablets')}
      lede={t('tablets.lede')}
      actions={
        <div className="page-header-actions">
          <LiveIndicator status={events.status} reconnecting={events.reconnecting} />
          <button type="button" className="btn btn-primary" onClick={add}>
            {t('tablets.add')}
          </button>
        </div>
      }
    >
      {tablets.error && <ErrorNotice>{errorMessage(tablets.error)}</ErrorNotice>}
      {tablets.isPending ? (
        <Loading label={t('tablets.loading')} />
      ) : list.length === 0 && !tablets.error ? (
        <EmptyState
          title={t('tablets.none')}
          action={
            <button type="button" className="btn btn-primary" onClick={add}>
              {t('tablets.addFirst')}
            </button>
          }
        >
          {t('tablets.noneHint')}
        </EmptyState>
      ) : (
        list.length > 0 && (
          <ActionsTable columns={[t('learners.col.name'), t('tablets.col.status'), t('sessions.col.learner')]}>
            {list.map((tablet) => (
              <TabletRow
                key={tablet.id}
                tablet={tablet}
                now={now}
                onRename={() => setDialog({ kind: 'rename', tablet })}
                onEndSession={() => setDialog({ kind: 'end', tablet })}
                onRetire={() => setDialog({ kind: 'retire', tablet })}
              />
            ))}
          </ActionsTable>
        )
      )}

      <RedeemModeSection />
      <KioskNamesSection />

      {dialog?.kind === 'add' && <AddTabletDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameTabletDialog tablet={dialog.tablet} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'retire' && <RetireTabletDialog tablet={dialog.tablet} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'end' && dialog.tablet.currentSession && (
        <EndSessionDialog
          session={{
            id: dialog.tablet.currentSession.sessionId,
            learnerName: dialog.tablet.currentSession.learnerName,
            state: dialog.tablet.currentSession.state,
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Page>
  );
}
