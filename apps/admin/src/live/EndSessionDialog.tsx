import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/** Confirms a graceful end: the tablet shows its goodbye screen, an unused code stops working. */
export function EndSessionDialog({ session, onClose }: { session: Pick<SessionSummary, 'id' | 'learnerName' | 'state'>; onClose: () => void }) {
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
      title={`End ${session.learnerName}’s session?`}
      keepLabel="Keep it running"
      confirmLabel="End session"
      busyLabel="Ending…"
      tone="primary"
      busy={end.isPending}
      error={errorMessage(end.error)}
      onConfirm={() => end.mutate({ sessionId: session.id })}
      onClose={onClose}
    >
      {session.state === 'pending'
        ? 'The code has not been used yet. Ending now cancels it, so it will not work on any tablet.'
        : 'The tablet shows a goodbye screen and signs out within a few seconds.'}
    </ConfirmDialog>
  );
}
