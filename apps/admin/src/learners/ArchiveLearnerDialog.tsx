import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Learner } from '@perch/shared';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import 'messages:learners';

/** Confirms archiving: the learner leaves the list and can get no new sessions. */
export function ArchiveLearnerDialog({ learner, onDone, onClose }: { learner: Learner; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
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
      title={t('learners.archive.title', { name: learner.name })}
      keepLabel={t('learners.archive.keep')}
      confirmLabel={t('learners.archive.confirm')}
      busyLabel={t('learners.archive.busy')}
      tone="danger"
      busy={archive.isPending}
      error={errorMessage(archive.error)}
      onConfirm={() => archive.mutate({ learnerId: learner.id })}
      onClose={onClose}
    >
      {t('learners.archive.text', { name: learner.name })}
    </ConfirmDialog>
  );
}
