import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentGrant } from '@perch/shared';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import 'messages:grant';

/** Confirms revoking a grant: the agent's next call is refused, on every instance of Perch. */
export function RevokeGrantDialog({ grant, onDone, onClose }: { grant: AgentGrant; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
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
      title={t('grant.revokeTitle', { label: grant.label })}
      keepLabel={t('grant.keep')}
      confirmLabel={t('grant.revokeConfirm')}
      busyLabel={t('grant.revoking')}
      tone="danger"
      busy={revoke.isPending}
      error={errorMessage(revoke.error)}
      onConfirm={() => revoke.mutate({ grantId: grant.id })}
      onClose={onClose}
    >
      {t('grant.revokeText')}
    </ConfirmDialog>
  );
}
