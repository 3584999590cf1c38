import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import 'messages:common';
import 'messages:end';

/** Confirms a graceful end: the tablet shows its goodbye screen, an unused code stops working. */
export function EndSessionDialog({ session, onClose }: { session: Pick<SessionSummary, 'id' | 'learnerName' | 'state'>; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.sessions.end.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
        onClose();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={t('end.title', { name: session.learnerName })}
      keepLabel={t('end.keep')}
      confirmLabel={t('end.confirm')}
      busyLabel={t('common.ending')}
      tone="primary"
      busy={end.isPending}
      error={errorMessage(end.error)}
      onConfirm={() => end.mutate({ sessionId: session.id })}
      onClose={onClose}
    >
      {t(session.state === 'pending' ? 'end.pending' : 'end.active')}
    </ConfirmDialog>
  );
}
