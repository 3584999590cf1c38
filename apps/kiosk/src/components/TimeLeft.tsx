import { useEffect, useRef } from 'react';
import { formatClock } from '@perch/shared';
import { useI18n } from '../i18n';
import { describeRemaining, remainingMs, WARN_BELOW_MS } from '../lib/countdown';
import { useNow } from '../hooks/useNow';
import 'messages:timeLeft';

interface TimeLeftProps {
  sessionExpiresAt: string;
  /** Server clock minus tablet clock, from the last answer (see lib/countdown.ts). */
  clockOffsetMs: number;
  onTimeUp: () => void;
}

/** The big countdown. Screen readers get the words once a minute, not a number every second. */
export function TimeLeft({ sessionExpiresAt, clockOffsetMs, onTimeUp }: TimeLeftProps) {
  const { t } = useI18n();
  const now = useNow();
  const left = remainingMs(sessionExpiresAt, clockOffsetMs, now);
  const words = t(describeRemaining(left));
  const timeUpRef = useRef(onTimeUp);
  timeUpRef.current = onTimeUp;
  useEffect(() => {
    if (left <= 0) timeUpRef.current();
  }, [left]);

  return (
    <div className={`time-left${left < WARN_BELOW_MS ? ' warn' : ''}`} role="timer" aria-label={words}>
      <span className="label" aria-hidden="true">
        {t('timeLeft.label')}
      </span>
      <span className="clock" aria-hidden="true">
        {formatClock(left)}
      </span>
      <span className="words" aria-live="polite" aria-atomic="true">
        {words}
      </span>
    </div>
  );
}
