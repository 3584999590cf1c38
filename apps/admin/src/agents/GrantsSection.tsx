import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AgentGrant } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useNow } from '../lib/use-now';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { GrantRow } from './GrantRow';
import { RevokeGrantDialog } from './RevokeGrantDialog';
import { ActionsTable } from '../ui/ActionsTable';
import 'messages:agents';
import 'messages:grant';
import 'messages:grants';
import 'messages:sessions';
import 'messages:tablets';

const GRANTS_REFETCH_MS = 30_000;

/** The grants AI agents connect with: who made each, when it was last used, and revoking it. */
export function GrantsSection({ onCreate }: { onCreate: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [showInactive, setShowInactive] = useState(false);
  const [revoking, setRevoking] = useState<AgentGrant | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const now = useNow(30_000);
  const grants = useQuery({
    ...trpc.agents.grants.list.queryOptions(showInactive ? { includeInactive: true } : undefined),
    placeholderData: keepPreviousData,
    // Calls that need no approval send no event; keep "last use" and the counts roughly current.
    refetchInterval: GRANTS_REFETCH_MS,
  });
  const list = grants.data ?? [];

  return (
    <section className="agents-section" aria-labelledby="agents-grants-title">
      <div className="section-header">
        <div>
          <h2 id="agents-grants-title">{t('grants.title')}</h2>
          <p className="section-lede">{t('grants.lede')}</p>
        </div>
        <label className="checkbox checkbox-inline">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
          <span>{t('grants.showInactive')}</span>
        </label>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {grants.error && <ErrorNotice>{errorMessage(grants.error)}</ErrorNotice>}
      {grants.isPending ? (
        <Loading label={t('grants.loading')} />
      ) : list.length === 0 && !grants.error ? (
        <EmptyState
          title={t(showInactive ? 'grants.none' : 'grants.noneActive')}
          action={
            <button type="button" className="btn btn-primary" onClick={onCreate}>
              {t('agents.newGrant')}
            </button>
          }
        >
          {t('grants.noneHint')}
        </EmptyState>
      ) : (
        list.length > 0 && (
          <ActionsTable
            columns={[t('grant.label'), t('grants.col.by'), t('grants.col.created'), t('sessions.col.expires'), t('grants.col.lastUse'), t('grants.col.calls'), t('tablets.col.status')]}
            caption={t('grants.caption')}
            className="table-grants"
          >
            {list.map((g) => (
              <GrantRow key={g.id} grant={g} now={now} onRevoke={() => setRevoking(g)} />
            ))}
          </ActionsTable>
        )
      )}
      {revoking && (
        <RevokeGrantDialog
          grant={revoking}
          onClose={() => setRevoking(null)}
          onDone={() => {
            setRevoking(null);
            setAnnouncement(t('grants.revoked', { label: revoking.label }));
          }}
        />
      )}
    </section>
  );
}
