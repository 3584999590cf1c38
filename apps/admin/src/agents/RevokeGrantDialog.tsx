import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentGrant } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Confirms revoking a grant: the agent's next call is refused, on every instance of Perch. */
export function RevokeGrantDialog({ grant, onDone, onClose }: { grant: AgentGrant; onDone: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.agents.grants.revoke.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.agents.grants.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Revoke “${grant.label}”?`}
      keepLabel="Keep it"
      confirmLabel="Revoke grant"
      busyLabel="Revoking…"
      tone="danger"
      busy={revoke.isPending}
      error={errorMessage(revoke.error)}
      onConfirm={() => revoke.mutate({ grantId: grant.id })}
      onClose={onClose}
    >
      The agent’s next call to Perch is refused. Sessions it already started keep running. This cannot be undone: to give
      access again, create a new grant.
    </ConfirmDialog>
  );
}
