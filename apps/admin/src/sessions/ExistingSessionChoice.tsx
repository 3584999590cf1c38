import { existingSessionSentence, type ExistingSession, type OnExisting } from '@perch/shared';
import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { ErrorNotice } from '../ui/ErrorNotice';

export type ExistingChoice = Exclude<OnExisting, 'refuse'>;

interface ExistingSessionChoiceProps {
  /** The learner's sessions the server named (newest first). */
  existing: ExistingSession[];
  /** The second try with the admin's choice: running, and how it failed, if it did. */
  pending: boolean;
  failure: unknown;
  onChoose: (choice: ExistingChoice) => void;
  onCancel: () => void;
}

/**
 * Said before a second session for one learner starts: where their session is and how long it has
 * left, and the three ways on. Focus starts on the safe choice, as in every confirmation.
 */
export function ExistingSessionChoice({ existing, pending, failure, onChoose, onCancel }: ExistingSessionChoiceProps) {
  const [chosen, setChosen] = useState<ExistingChoice | null>(null);
  const [newest, ...more] = existing;
  if (!newest) return null;
  const choose = (choice: ExistingChoice) => {
    setChosen(choice);
    onChoose(choice);
  };
  const error = chosen ? errorMessage(failure) : null;
  return (
    <div className="existing-session">
      <div className="notice notice-warning" role="alert">
        <span className="notice-icon" aria-hidden="true">
          !
        </span>
        <div className="notice-text">
          <p>
            <strong>{existingSessionSentence(newest)}</strong>
            {more.length > 0 && ` They have ${more.length} more besides.`}
          </p>
          <p>Start another session for them anyway?</p>
        </div>
      </div>
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        <button type="button" className="btn" disabled={pending} onClick={() => choose('keep')}>
          {pending && chosen === 'keep' ? 'Starting…' : 'Start a second one anyway'}
        </button>
        <button type="button" className="btn btn-primary" disabled={pending} onClick={() => choose('end')}>
          {pending && chosen === 'end' ? 'Ending and starting…' : 'End that one and start a new one'}
        </button>
      </div>
    </div>
  );
}
