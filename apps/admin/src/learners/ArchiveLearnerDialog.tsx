import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Learner } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Confirms archiving: the learner leaves the list and can get no new sessions. */
export function ArchiveLearnerDialog({ learner, onDone, onClose }: { learner: Learner; onDone: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const archive = useMutation(
    trpc.learners.archive.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.learners.list.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={`Archive ${learner.name}?`}
      keepLabel="Keep"
      confirmLabel="Archive learner"
      busyLabel="Archiving…"
      tone="danger"
      busy={archive.isPending}
      error={errorMessage(archive.error)}
      onConfirm={() => archive.mutate({ learnerId: learner.id })}
      onClose={onClose}
    >
      {learner.name} will be hidden from the learner list and cannot be given new sessions. Their past sessions stay in
      the audit log. You can still find them with “Show archived”.
    </ConfirmDialog>
  );
}
