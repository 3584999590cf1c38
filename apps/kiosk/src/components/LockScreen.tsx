import { useEffect, useRef } from 'react';
import { useI18n, type KioskMsg } from '../i18n';
import { Icon } from './Icon';

interface LockScreenProps {
  learnerName: string;
  onContinue: () => void;
  busy: boolean;
  error: KioskMsg | null;
}

/** After a quiet spell the session hides behind one huge "Tap to continue" button. */
export function LockScreen({ learnerName, onContinue, busy, error }: LockScreenProps) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => button.current?.focus(), []);
  return (
    <main className="screen locked">
      <h1 className="visually-hidden">{t('lock.title')}</h1>
      <button ref={button} type="button" className="lock-screen" onClick={onContinue} disabled={busy}>
        <Icon name="hand" />
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
