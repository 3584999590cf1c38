import type { SessionSummary } from '@perch/shared';
import { formatAgo, formatRelative, formatTime } from '../lib/format';
import { StateBadge } from './StateBadge';

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
  const finished = session.endedAt !== null || !FORCE_ENDABLE.has(session.state);
  return (
    <tr data-session-id={session.id} data-state={session.state}>
      <th scope="row">
        <span className="cell-name-text">
          <span className="learner-name">
            {session.learnerName}
            {session.guestAgeBand && <span className="badge badge-muted">Guest {session.guestAgeBand}</span>}
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
        {session.redeemedAt && <span className="cell-sub">redeemed {formatTime(session.redeemedAt)}</span>}
      </td>
      <td>
        {finished ? (
          <span className="muted">{session.endedAt ? `ended ${formatTime(session.endedAt)}` : '—'}</span>
        ) : session.sessionExpiresAt === null ? (
          <>
            <span className="muted">not yet started</span>
            <span className="cell-sub">{session.durationMin} min from the scan</span>
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
      <td className="cell-device">{session.device ?? <span className="muted">{session.state === 'pending' ? 'not yet' : '—'}</span>}</td>
      <td className="cell-actions">
        <div className="row-actions">
          {ENDABLE.has(session.state) && (
            <button type="button" className="btn btn-small" onClick={onEnd} aria-label={`End ${session.learnerName}’s session`}>
              End
            </button>
          )}
          {FORCE_ENDABLE.has(session.state) && (
            <button
              type="button"
              className="btn btn-danger-ghost btn-small"
              onClick={onForceEnd}
              aria-label={`Force end ${session.learnerName}’s session`}
            >
              Force end
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
