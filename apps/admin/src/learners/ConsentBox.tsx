import { useId, type ReactNode } from 'react';

interface ConsentBoxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  error: string | undefined;
  /** What the adult confirms. */
  children: ReactNode;
}

/** The adult's consent before learners are added: one box, its error read out with it. */
export function ConsentBox({ checked, onChange, error, children }: ConsentBoxProps) {
  const errorId = `${useId()}-error`;
  return (
    <div className={error ? 'consent field-invalid' : 'consent'}>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-describedby={error ? errorId : undefined}
          aria-invalid={error ? true : undefined}
        />
        <span>{children}</span>
      </label>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
