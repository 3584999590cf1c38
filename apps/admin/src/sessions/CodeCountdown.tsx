import { formatClock } from '@perch/shared';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { describeRemaining, formatTime } from '../lib/format';
import { useCountdown } from '../lib/use-countdown';
import 'messages:code';

/** "Code expires in 9:41", ticking; says so plainly (and out loud) once it has lapsed. */
export function CodeCountdown({ expiresAt }: { expiresAt: string }) {
  const { t } = useI18n();
  const { remainingMs, lapsed } = useCountdown(expiresAt);
  return (
    <div className={lapsed ? 'countdown countdown-lapsed' : remainingMs < 60_000 ? 'countdown countdown-soon' : 'countdown'}>
      {lapsed ? (
        <p role="alert">{t('code.expired')}</p>
      ) : (
        <p>
          {richText(t('code.expiresIn', { at: formatTime(expiresAt) }), {
            clock: () => (
              <time role="timer" dateTime={expiresAt} aria-label={describeRemaining(remainingMs)} className="countdown-clock">
                {formatClock(remainingMs)}
              </time>
            ),
            muted: (text) => <span className="muted">{text}</span>,
          })}
        </p>
      )}
    </div>
  );
}
