import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Confirms a graceful end: the tablet shows its goodbye screen, an unused code stops working. */
export function EndSessionDialog({ session, onClose }: { session: SessionSummary; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const end = useMutation(
    trpc.sessions.end.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        onClose();
      },
    }),
  );
  const failure = errorMessage(end.error);
  const pending = session.state === 'pending';
  return (
    <Dialog title={`End ${session.learnerName}’s session?`} onClose={onClose} size="narrow">
      <p>
        {pending
          ? 'The code has not been used yet. Ending now cancels it, so it will not work on any tablet.'
          : 'The tablet shows a goodbye screen and signs out within a few seconds.'}
      </p>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          Keep it running
        </button>
        <button type="button" className="btn btn-primary" disabled={end.isPending} onClick={() => end.mutate({ sessionId: session.id })}>
          {end.isPending ? 'Ending…' : 'End session'}
        </button>
      </div>
    </Dialog>
  );
}
