import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TabletSummary } from '@perch/shared';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import 'messages:tablets';

/** Retires a tablet: its cookie stops working at once and its session ends; enrolling it again makes a new tablet. */
export function RetireTabletDialog({ tablet, onClose }: { tablet: TabletSummary; onClose: () => void }) {
  const { t } = useI18n();
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
      title={t('tablets.retire.title', { name: tablet.name })}
      keepLabel={t('tablets.retire.keep')}
      confirmLabel={t('tablets.retire.confirm')}
      busyLabel={t('tablets.retire.busy')}
      tone="danger"
      busy={retire.isPending}
      error={errorMessage(retire.error)}
      onConfirm={() => retire.mutate({ tabletId: tablet.id })}
      onClose={onClose}
    >
      {tablet.currentSession
        ? t('tablets.retire.withSession', { name: tablet.currentSession.learnerName })
        : t('tablets.retire.free')}
    </ConfirmDialog>
  );
}
