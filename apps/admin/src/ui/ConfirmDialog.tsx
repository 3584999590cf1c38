import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmDialogProps {
  title: string;
  /** What will happen, in a sentence or two. */
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  busyLabel: string;
  tone: 'primary' | 'danger';
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before an action that cannot be undone. Focus starts on the safe choice. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, keepLabel, confirmLabel, busyLabel, tone, busy, error, onConfirm, onClose } = props;
  return (
    <Dialog title={title} onClose={onClose} size="narrow">
      <p>{children}</p>
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-autofocus>
          {keepLabel}
        </button>
        <button type="button" className={`btn btn-${tone}`} disabled={busy} onClick={onConfirm}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
