import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AgentGrant } from '@perch/shared';
import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { useNow } from '../lib/use-now';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { GrantRow } from './GrantRow';
import { RevokeGrantDialog } from './RevokeGrantDialog';
import { ActionsTable } from '../ui/ActionsTable';

const GRANTS_REFETCH_MS = 30_000;

/** The grants AI agents connect with: who made each, when it was last used, and revoking it. */
export function GrantsSection({ onCreate }: { onCreate: () => void }) {
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
          <h2 id="agents-grants-title">Grants</h2>
          <p className="section-lede">Each grant is one assistant’s key to Perch’s MCP endpoint. It acts as the admin who made it.</p>
        </div>
        <label className="checkbox checkbox-inline">
          <input type="checkbox" checked={showInactive} onChange={(e) => setShowInactive(e.target.checked)} />
          <span>Show revoked and expired</span>
        </label>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {grants.error && <ErrorNotice>{errorMessage(grants.error)}</ErrorNotice>}
      {grants.isPending ? (
        <Loading label="Loading grants…" />
      ) : list.length === 0 && !grants.error ? (
        <EmptyState
          title={showInactive ? 'No grants yet' : 'No active grants'}
          action={
            <button type="button" className="btn btn-primary" onClick={onCreate}>
              New grant
            </button>
          }
        >
          Create a grant, then paste its configuration into an MCP client such as Claude or Cursor.
        </EmptyState>
      ) : (
        list.length > 0 && (
          <ActionsTable columns={['Label', 'Created by', 'Created', 'Expires', 'Last use', 'Calls', 'Status']} caption="Agent grants, newest first" className="table-grants">
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
            setAnnouncement(`“${revoking.label}” was revoked.`);
          }}
        />
      )}
    </section>
  );
}
