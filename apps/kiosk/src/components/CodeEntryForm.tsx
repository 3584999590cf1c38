import { useId, useRef, useState, type FormEvent } from 'react';
import { useI18n, type KioskMessageId, type KioskMsg } from '../i18n';
import { readCode } from '../lib/code-input';
import 'messages:code';

interface CodeEntryFormProps {
  onCode: (code: string) => void;
  busy: boolean;
  /** Too many tries: the Start button waits this long. */
  blocked: boolean;
  /** Other words for another kind of code (a tablet's enrollment code). */
  words?: { label: KioskMessageId; hint: KioskMessageId; submit: KioskMessageId };
}

const SESSION_CODE_WORDS = { label: 'code.label', hint: 'code.hint', submit: 'code.submit' } as const;

/** The big "type your code" field: any case, spaces and dashes are fine. */
export function CodeEntryForm({ onCode, busy, blocked, words = SESSION_CODE_WORDS }: CodeEntryFormProps) {
  const [value, setValue] = useState('');
  const { t } = useI18n();
  const [error, setError] = useState<KioskMsg | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = readCode(value);
    if (!result.ok) {
      setError(result.message);
      input.current?.focus();
      return;
    }
    setError(null);
    onCode(result.code);
  }

  return (
    <form className="field" onSubmit={submit} noValidate>
      <label htmlFor={`${id}-code`}>{t(words.label)}</label>
      <p className="hint" id={`${id}-hint`}>
        {t(words.hint)}
      </p>
      <input
        ref={input}
        id={`${id}-code`}
        className="code-input"
        name="code"
        type="text"
        inputMode="text"
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={200}
        placeholder="ABCD-2345"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          if (error) setError(null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {t(error)}
        </p>
      )}
      <button type="submit" className="button wide" disabled={busy || blocked}>
        {t(busy ? 'code.submitting' : words.submit)}
      </button>
    </form>
  );
}
