import { useEffect, useRef } from 'react';

interface ConfirmFinishDialogProps {
  learnerName: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "Are you sure?" before a learner ends their own session. A modal <dialog> keeps focus inside and
 * closes on Escape; "Keep going" has focus first, so a stray tap never ends a session.
 */
export function ConfirmFinishDialog({ learnerName, busy, error, onConfirm, onCancel }: ConfirmFinishDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const keepGoing = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (typeof element.showModal === 'function' && !element.open) element.showModal();
    else element.setAttribute('open', '');
    keepGoing.current?.focus();
    return () => {
      if (element.open) element.close();
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby="finish-title"
      aria-describedby="finish-text"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <h2 id="finish-title">Are you done, {learnerName}?</h2>
      <p id="finish-text">This ends your session. You’ll need a new code to come back.</p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="session-actions">
        <button ref={keepGoing} type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          Keep going
        </button>
        <button type="button" className="button" onClick={onConfirm} disabled={busy}>
          {busy ? 'Ending…' : 'Yes, I’m done'}
        </button>
      </div>
    </dialog>
  );
}
