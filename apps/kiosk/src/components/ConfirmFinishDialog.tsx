import { useEffect, useRef } from 'react';
import { useI18n, type KioskMsg } from '../i18n';
import 'messages:finish';

interface ConfirmFinishDialogProps {
  learnerName: string;
  busy: boolean;
  error: KioskMsg | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "Are you sure?" before a learner ends their own session. A modal <dialog> keeps focus inside and
 * closes on Escape; "Keep going" has focus first, so a stray tap never ends a session.
 */
export function ConfirmFinishDialog({ learnerName, busy, error, onConfirm, onCancel }: ConfirmFinishDialogProps) {
  const { t } = useI18n();
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
      <h2 id="finish-title">{t('finish.title', { name: learnerName })}</h2>
      <p id="finish-text">{t('finish.text')}</p>
      {error && (
        <p className="field-error" role="alert">
          {t(error)}
        </p>
      )}
      <div className="session-actions">
        <button ref={keepGoing} type="button" className="button secondary" onClick={onCancel} disabled={busy}>
          {t('finish.keepGoing')}
        </button>
        <button type="button" className="button" onClick={onConfirm} disabled={busy}>
          {t(busy ? 'finish.ending' : 'finish.confirm')}
        </button>
      </div>
    </dialog>
  );
}
