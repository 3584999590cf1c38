import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import 'messages:common';

interface CopyFieldProps {
  label: string;
  value: string;
  /** The button's words, e.g. "Copy link". */
  copyLabel: string;
  /** Said (politely) once the value is on the clipboard. */
  copiedHint: string;
  /** Shows the value in a read-only text area this many rows high (for JSON); a one-line field otherwise. */
  rows?: number;
}

/** A read-only value with a Copy button; when the clipboard is out of reach it selects the text for Ctrl+C. */
export function CopyField({ label, value, copyLabel, copiedHint, rows }: CopyFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    setStatus('idle');
  }, [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      // No clipboard permission (e.g. plain http on a LAN address): select it for Ctrl+C instead.
      ref.current?.select();
      setStatus('failed');
    }
  };

  const control = { ref, id, readOnly: true, value, onFocus: (e: { target: { select(): void } }) => e.target.select() };
  return (
    <div className={rows ? 'copy-link copy-block' : 'copy-link'}>
      <label htmlFor={id}>{label}</label>
      <div className="copy-link-row">
        {rows ? <textarea {...control} rows={rows} spellCheck={false} /> : <input {...control} spellCheck={false} />}
        <button type="button" className="btn" onClick={() => void copy()}>
          {status === 'copied' ? t('common.copied') : copyLabel}
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {status === 'copied' && copiedHint}
        {status === 'failed' && t('common.clipboardFailed')}
      </p>
    </div>
  );
}
