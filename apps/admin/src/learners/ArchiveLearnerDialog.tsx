import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Learner } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';

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
  const failure = errorMessage(archive.error);
  return (
    <Dialog title={`Archive ${learner.name}?`} onClose={onClose} size="narrow">
      <p>
        {learner.name} will be hidden from the learner list and cannot be given new sessions. Their past sessions stay in
        the audit log. You can still find them with “Show archived”.
      </p>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          Keep
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={archive.isPending}
          onClick={() => archive.mutate({ learnerId: learner.id })}
        >
          {archive.isPending ? 'Archiving…' : 'Archive learner'}
        </button>
      </div>
    </Dialog>
  );
}
