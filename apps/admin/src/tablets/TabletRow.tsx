import type { TabletSummary } from '@perch/shared';
import { formatRelative } from '../lib/format';
import { StateBadge } from '../live/StateBadge';

interface TabletRowProps {
  tablet: TabletSummary;
  now: number;
  onRename: () => void;
  onEndSession: () => void;
  onRetire: () => void;
}

/** One enrolled tablet: name, online or not (and when last seen), who is on it, and what to do. */
export function TabletRow({ tablet, now, onRename, onEndSession, onRetire }: TabletRowProps) {
  const session = tablet.currentSession;
  return (
    <tr data-tablet-id={tablet.id}>
      <th scope="row">{tablet.name}</th>
      <td>
        <span className={tablet.online ? 'badge badge-active' : 'badge badge-ended'}>
          <span className="badge-dot" aria-hidden="true" />
          {tablet.online ? 'Online' : 'Offline'}
        </span>
        {!tablet.online && tablet.lastSeenAt && <span className="cell-sub">last seen {formatRelative(tablet.lastSeenAt, now)}</span>}
      </td>
      <td>
        {session ? (
          <>
            <span className="learner-name">{session.learnerName}</span> <StateBadge state={session.state} />
          </>
        ) : (
          <span className="muted">free</span>
        )}
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          <button type="button" className="btn btn-small" onClick={onRename} aria-label={`Rename ${tablet.name}`}>
            Rename
          </button>
          {session && session.state !== 'ending' && (
            <button type="button" className="btn btn-small" onClick={onEndSession} aria-label={`End session of ${session.learnerName} on ${tablet.name}`}>
              End session
            </button>
          )}
          <button type="button" className="btn btn-danger-ghost btn-small" onClick={onRetire} aria-label={`Retire ${tablet.name}`}>
            Retire
          </button>
        </div>
      </td>
    </tr>
  );
}
