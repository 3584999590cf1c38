import { formatClock } from '@perch/shared';
import { describeRemaining, formatTime } from '../lib/format';
import { useCountdown } from '../lib/use-countdown';

/** "Code expires in 9:41", ticking; says so plainly (and out loud) once it has lapsed. */
export function CodeCountdown({ expiresAt }: { expiresAt: string }) {
  const { remainingMs, lapsed } = useCountdown(expiresAt);
  return (
    <div className={lapsed ? 'countdown countdown-lapsed' : remainingMs < 60_000 ? 'countdown countdown-soon' : 'countdown'}>
      {lapsed ? (
        <p role="alert">This code has expired. Get a new code to continue.</p>
      ) : (
        <p>
          Code expires in{' '}
          <time role="timer" dateTime={expiresAt} aria-label={describeRemaining(remainingMs)} className="countdown-clock">
            {formatClock(remainingMs)}
          </time>{' '}
          <span className="muted">(at {formatTime(expiresAt)})</span>
        </p>
      )}
    </div>
  );
}
