import { useEffect, useRef } from 'react';
import { Icon } from './Icon';

interface LockScreenProps {
  learnerName: string;
  onContinue: () => void;
  busy: boolean;
  error: string | null;
}

/** After a quiet spell the session hides behind one huge "Tap to continue" button. */
export function LockScreen({ learnerName, onContinue, busy, error }: LockScreenProps) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <main className="screen locked">
      <h1 className="visually-hidden">Session paused</h1>
      <button ref={button} type="button" className="lock-screen" onClick={onContinue} disabled={busy}>
        <Icon name="hand" />
        <span className="big">{busy ? 'One moment…' : 'Tap to continue'}</span>
        <span className="small">Still there, {learnerName}? Tap anywhere to carry on.</span>
        {error && (
          <span className="lock-error" role="alert">
            {error}
          </span>
        )}
      </button>
    </main>
  );
}
