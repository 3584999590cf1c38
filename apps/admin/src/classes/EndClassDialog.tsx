import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import 'messages:classes';
import 'messages:common';

/** Confirms revoking every session of a class start (codes stop working, tablets are signed out). */
export function EndClassDialog({ batchId, count, onDone, onClose }: { batchId: string; count: number; onDone: (revoked: number) => void; onClose: () => void }) {
  const { t } = useI18n();
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
      title={t('classes.endDialog.title')}
      keepLabel={t('classes.endDialog.keep')}
      confirmLabel={t('classes.endDialog.confirm')}
      busyLabel={t('common.ending')}
      tone="danger"
      busy={revoke.isPending}
      error={errorMessage(revoke.error)}
      onConfirm={() => revoke.mutate({ batchId })}
      onClose={onClose}
    >
      {t('classes.endDialog.text', { count })}
    </ConfirmDialog>
  );
}
