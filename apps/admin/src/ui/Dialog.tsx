import { useEffect, useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import 'messages:common';

interface DialogProps {
  title: string;
  /** Called on Esc or the close button (when dismissible). A stray backdrop click closes nothing. */
  onClose: () => void;
  children: ReactNode;
  size?: 'narrow' | 'normal' | 'wide';
  /** False for dialogs a person must answer, such as signing in again. */
  dismissible?: boolean;
  className?: string;
}

const FOCUSABLE = 'input:not([disabled]), select, textarea, button:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

function focusFirst(dialog: HTMLDialogElement) {
  const first =
    dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(`.dialog-body :is(${FOCUSABLE})`);
  first?.focus();
}

/**
 * A modal on the browser's own <dialog>: the page behind becomes inert, Tab stays inside, Esc
 * closes, and focus returns to whatever opened it. Mark the field to focus first with
 * `data-autofocus`; otherwise the first control in the body gets focus. That happens again
 * whenever the focused control disappears, e.g. when a form gives way to its result.
 */
export function Dialog({ title, onClose, children, size = 'normal', dismissible = true, className }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const latest = useRef({ dismissible, onClose });
  useLayoutEffect(() => {
    latest.current = { dismissible, onClose };
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    focusFirst(dialog);
    // When the focused control is replaced (a form by its result), focus would fall to <body>,
    // outside the dialog; start again at the new content instead.
    let focused: Element | null = document.activeElement;
    const track = () => (focused = document.activeElement);
    const refocus = new MutationObserver(() => {
      if (focused && !focused.isConnected && document.activeElement === document.body) focusFirst(dialog);
    });
    // Chrome closes a modal on a second Esc even though `cancel` was prevented (its close-watcher
    // rule against trapping). Keep the page in step: a dismissible dialog closes for real; one that
    // must be answered (signing in again, a secret shown once) opens again.
    const closedByBrowser = () => {
      if (latest.current.dismissible) return latest.current.onClose();
      dialog.showModal();
      focusFirst(dialog);
    };
    dialog.addEventListener('focusin', track);
    dialog.addEventListener('close', closedByBrowser);
    refocus.observe(dialog, { childList: true, subtree: true });
    return () => {
      refocus.disconnect();
      dialog.removeEventListener('focusin', track);
      dialog.removeEventListener('close', closedByBrowser);
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={['dialog', `dialog-${size}`, className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onClose();
      }}
    >
      <div className="dialog-frame">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {dismissible && (
            <button type="button" className="icon-button" aria-label={t('common.close')} onClick={onClose}>
              <span aria-hidden="true">×</span>
            </button>
          )}
        </header>
        <div className="dialog-body">{children}</div>
      </div>
    </dialog>
  );
}
