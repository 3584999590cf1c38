import { useEffect, useId, useRef, useState } from 'react';

/** The redeem link in a read-only field with a Copy button, for sending to a tablet by hand. */
export function CopyLinkField({ url }: { url: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    setStatus('idle');
  }, [url]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      // No clipboard permission (e.g. plain http on a LAN address): select it for Ctrl+C instead.
      inputRef.current?.select();
      setStatus('failed');
    }
  };

  return (
    <div className="copy-link">
      <label htmlFor={id}>Link for the tablet</label>
      <div className="copy-link-row">
        <input ref={inputRef} id={id} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn" onClick={() => void copy()}>
          {status === 'copied' ? 'Copied' : 'Copy link'}
        </button>
      </div>
      <p className="field-hint" aria-live="polite">
        {status === 'copied' && 'Link copied. It works once, until the code expires.'}
        {status === 'failed' && 'Could not reach the clipboard; the link is selected, press Ctrl+C (⌘C) to copy it.'}
      </p>
    </div>
  );
}
