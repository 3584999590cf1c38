import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import {
  ACTOR_TYPES,
  AUDIT_ACTIONS,
  AUDIT_ACTION_WORDS,
  AUDIT_EXPORT,
  auditActionWords,
  auditActorWords,
  auditDetailWords,
  auditExportHref,
  auditLearnerWords,
  type ActorType,
  type AuditAction,
} from '@perch/shared';
import { useState } from 'react';
import { Page } from '../ui/Page';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { columnLabels } from '../ui/column-labels';
import { ACTOR_TYPE_LABELS } from './audit-labels';

const PAGE_SIZE = 50;
const COLUMNS = ['When', 'Who', 'What', 'Learner', 'Details', 'IP'];
/** The viewer's time zone, for the CSV's local-time column. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const EXPORT_MAX = AUDIT_EXPORT.maxRows.toLocaleString();

/** `datetime-local` value (local time, no zone) → ISO-8601 for the API; empty → undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What happened, who did it and when: sign-ins, learners, sessions, codes. Newest first. */
export function AuditPage() {
  const trpc = useTRPC();
  const [action, setAction] = useState<AuditAction | ''>('');
  const [actor, setActor] = useState<ActorType | ''>('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const filter = {
    ...(action ? { actions: [action] } : {}),
    ...(actor ? { actorTypes: [actor] } : {}),
    ...(toIso(since) ? { since: toIso(since) } : {}),
    ...(toIso(until) ? { until: toIso(until) } : {}),
  };
  const input = { limit: PAGE_SIZE, ...filter };
  const log = useInfiniteQuery({
    ...trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    placeholderData: keepPreviousData,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(action || actor || since || until);

  return (
    <Page
      id="audit"
      title="Audit log"
      lede="Every sign-in, learner change, session event and AI agent call. Codes and tokens are never recorded."
      actions={
        <div className="page-actions-stack">
          {/* A plain link: the browser streams the file to disk, however long the log. */}
          <a className="btn" href={auditExportHref({ ...filter, ...(TIME_ZONE ? { timeZone: TIME_ZONE } : {}) })} download aria-describedby="audit-export-note">
            Download CSV
          </a>
          <p id="audit-export-note" className="muted small">
            {filtered ? 'Every entry matching these filters' : 'Every entry'}, newest first, up to {EXPORT_MAX}.
          </p>
        </div>
      }
    >
      <form className="toolbar filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="audit-actor">Who</label>
          <select id="audit-actor" value={actor} onChange={(e) => setActor(e.target.value as ActorType | '')}>
            <option value="">Everyone</option>
            {ACTOR_TYPES.map((a) => (
              <option key={a} value={a}>
                {ACTOR_TYPE_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">All actions</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_WORDS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-since">From</label>
          <input id="audit-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-until">Until</label>
          <input id="audit-until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} />
        </div>
        {filtered && (
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              setAction('');
              setActor('');
              setSince('');
              setUntil('');
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      {log.error && <ErrorNotice>{errorMessage(log.error)}</ErrorNotice>}
      {log.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : entries.length === 0 && !log.error ? (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'} />
      ) : (
        entries.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table table-audit" style={columnLabels(COLUMNS)}>
                <thead>
                  <tr>
                    {COLUMNS.map((column) => (
                      <th key={column} scope="col">
                        {column}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td className="cell-date">
                        <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                      </td>
                      <td>{auditActorWords(e)}</td>
                      <td>
                        <span className={`badge badge-audit badge-audit-${e.action.split('.')[0]}`}>{auditActionWords(e.action)}</span>
                      </td>
                      <td>{auditLearnerWords(e) || <span className="muted">—</span>}</td>
                      <td className="cell-detail">{auditDetailWords(e, { dateTime: formatDateTime }) || <span className="muted">—</span>}</td>
                      <td className="cell-mono">{e.ip ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {log.hasNextPage && (
              <div className="load-more">
                <button type="button" className="btn" onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
                  {log.isFetchingNextPage ? 'Loading…' : 'Show older entries'}
                </button>
              </div>
            )}
          </>
        )
      )}
    </Page>
  );
}
