import type { SessionSummary } from '@perch/shared';
import { useI18n } from '../i18n';
import { formatAgo, formatRelative, formatTime } from '../lib/format';
import { StateBadge } from './StateBadge';
import 'messages:force';
import 'messages:row';

interface SessionRowProps {
  session: SessionSummary;
  now: number;
  onEnd: () => void;
  onForceEnd: () => void;
}

const ENDABLE = new Set(['pending', 'active', 'locked']);
const FORCE_ENDABLE = new Set(['pending', 'active', 'locked', 'ending']);

/** One session in the live table. */
export function SessionRow({ session, now, onEnd, onForceEnd }: SessionRowProps) {
  const { t } = useI18n();
  const finished = session.endedAt !== null || !FORCE_ENDABLE.has(session.state);
  return (
    <tr data-session-id={session.id} data-state={session.state}>
      <th scope="row">
        <span className="cell-name-text">
          <span className="learner-name">
            {session.learnerName}
            {session.guestAgeBand && <span className="badge badge-muted">{t('row.guest', { band: session.guestAgeBand })}</span>}
          </span>
          {session.batchLabel && <span className="learner-notes">{session.batchLabel}</span>}
        </span>
      </th>
      <td>
        <StateBadge state={session.state} />
        {session.endReason && finished && <span className="cell-sub">{session.endReason}</span>}
      </td>
      <td>
        <time dateTime={session.createdAt}>{formatTime(session.createdAt)}</time>
        {session.redeemedAt && <span className="cell-sub">{t('row.redeemed', { time: formatTime(session.redeemedAt) })}</span>}
      </td>
      <td>
        {finished ? (
          <span className="muted">{session.endedAt ? t('row.ended', { time: formatTime(session.endedAt) }) : '—'}</span>
        ) : session.sessionExpiresAt === null ? (
          <>
            <span className="muted">{t('row.notStarted')}</span>
            <span className="cell-sub">{t('row.fromScan', { minutes: session.durationMin })}</span>
          </>
        ) : (
          <>
            <time dateTime={session.sessionExpiresAt}>{formatTime(session.sessionExpiresAt)}</time>
            <span className="cell-sub">{formatRelative(session.sessionExpiresAt, now)}</span>
          </>
        )}
      </td>
      <td>
        {session.lastActivityAt ? (
          <time dateTime={session.lastActivityAt}>{formatAgo(session.lastActivityAt, now)}</time>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="cell-device">{session.device ?? <span className="muted">{session.state === 'pending' ? t('row.notYet') : '—'}</span>}</td>
      <td className="cell-actions">
        <div className="row-actions">
          {ENDABLE.has(session.state) && (
            <button type="button" className="btn btn-small" onClick={onEnd} aria-label={t('row.endFor', { name: session.learnerName })}>
              {t('row.end')}
            </button>
          )}
          {FORCE_ENDABLE.has(session.state) && (
            <button
              type="button"
              className="btn btn-danger-ghost btn-small"
              onClick={onForceEnd}
              aria-label={t('force.title', { name: session.learnerName })}
            >
              {t('row.forceEnd')}
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
