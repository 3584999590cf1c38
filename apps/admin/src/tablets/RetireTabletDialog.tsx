import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TabletSummary } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Retires a tablet: its cookie stops working at once and its session ends; enrolling it again makes a new tablet. */
export function RetireTabletDialog({ tablet, onClose }: { tablet: TabletSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const retire = useMutation(
    trpc.tablets.retire.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Retire ${tablet.name}?`}
      keepLabel="Keep it"
      confirmLabel="Retire tablet"
      busyLabel="Retiring…"
      tone="danger"
      busy={retire.isPending}
      error={errorMessage(retire.error)}
      onConfirm={() => retire.mutate({ tabletId: tablet.id })}
      onClose={onClose}
    >
      {tablet.currentSession
        ? `${tablet.currentSession.learnerName}’s session on it ends now. The tablet goes back to its enrollment screen; to use it again, add it as a new tablet.`
        : 'The tablet goes back to its enrollment screen at once. To use it again, add it as a new tablet.'}
    </ConfirmDialog>
  );
}
