import { useEffect, useRef } from 'react';
import { useI18n, type KioskMsg } from '../i18n';
import { Icon } from './Icon';
import 'messages:lock';

interface LockScreenProps {
  learnerName: string;
  onContinue: () => void;
  busy: boolean;
  error: KioskMsg | null;
}

const HAND = 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11m0-4.5a1.5 1.5 0 0 1 3 0V11m0-3.5a1.5 1.5 0 0 1 3 0V14a6 6 0 0 1-6 6h-.5a6 6 0 0 1-5-2.7L4 14.5a1.5 1.5 0 0 1 2.5-1.7L8 15';

/** After a quiet spell the session hides behind one huge "Tap to continue" button. */
export function LockScreen({ learnerName, onContinue, busy, error }: LockScreenProps) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <main className="screen locked">
      <h1 className="visually-hidden">{t('lock.title')}</h1>
      <button ref={button} type="button" className="lock-screen" onClick={onContinue} disabled={busy}>
        <Icon path={HAND} />
        <span className="big">{t(busy ? 'lock.oneMoment' : 'lock.tap')}</span>
        <span className="small">{t('lock.stillThere', { name: learnerName })}</span>
        {error && (
          <span className="lock-error" role="alert">
            {t(error)}
          </span>
        )}
      </button>
    </main>
  );
}
