import type { SessionSummary } from '@perch/shared';
import { SessionRow } from './SessionRow';

interface SessionsTableProps {
  sessions: SessionSummary[];
  now: number;
  /** Read by screen readers only: what the table lists. */
  caption: string;
  onEnd: (session: SessionSummary) => void;
  onForceEnd: (session: SessionSummary) => void;
}

/** Sessions as the live table shows them (Live sessions, one class's page). */
export function SessionsTable({ sessions, now, caption, onEnd, onForceEnd }: SessionsTableProps) {
  return (
    <div className="table-wrap">
      <table className="table table-sessions">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Learner</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
            <th scope="col">Expires</th>
            <th scope="col">Last activity</th>
            <th scope="col">Device</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <SessionRow key={s.id} session={s} now={now} onEnd={() => onEnd(s)} onForceEnd={() => onForceEnd(s)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
