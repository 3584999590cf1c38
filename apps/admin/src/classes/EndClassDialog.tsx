import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

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
  const failure = errorMessage(revoke.error);
  return (
    <Dialog title="End this class?" onClose={onClose} size="narrow">
      <p>
        All {count} sessions of this class end now: unused codes stop working and tablets in use show the goodbye screen.
      </p>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          Keep the class
        </button>
        <button type="button" className="btn btn-danger" disabled={revoke.isPending} onClick={() => revoke.mutate({ batchId })}>
          {revoke.isPending ? 'Ending…' : 'End all sessions'}
        </button>
      </div>
    </Dialog>
  );
}
