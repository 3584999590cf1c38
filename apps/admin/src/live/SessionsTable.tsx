import type { SessionSummary } from '@perch/shared';
import { useI18n } from '../i18n';
import { ActionsTable } from '../ui/ActionsTable';
import { SessionRow } from './SessionRow';
import 'messages:sessions';

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
  const { t } = useI18n();
  return (
    <ActionsTable
      columns={[
        t('sessions.col.learner'),
        t('sessions.col.state'),
        t('sessions.col.started'),
        t('sessions.col.expires'),
        t('sessions.col.activity'),
        t('sessions.col.device'),
      ]}
      caption={caption}
      className="table-sessions"
    >
      {sessions.map((s) => (
        <SessionRow key={s.id} session={s} now={now} onEnd={() => onEnd(s)} onForceEnd={() => onForceEnd(s)} />
      ))}
    </ActionsTable>
  );
}
