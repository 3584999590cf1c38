import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Confirms revoking every session of a class start (codes stop working, tablets are signed out). */
export function EndClassDialog({ batchId, count, onDone, onClose }: { batchId: string; count: number; onDone: (revoked: number) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.sessions.revokeBatch.mutationOptions({
      onSuccess: (result) => {
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        onDone(result.revoked);
      },
    }),
  );
  return (
    <ConfirmDialog
      title="End this class?"
      keepLabel="Keep the class"
      confirmLabel="End all sessions"
      busyLabel="Ending…"
      tone="danger"
      busy={revoke.isPending}
      error={errorMessage(revoke.error)}
      onConfirm={() => revoke.mutate({ batchId })}
      onClose={onClose}
    >
      All {count} sessions of this class end now: unused codes stop working and tablets in use show the goodbye screen.
    </ConfirmDialog>
  );
}
