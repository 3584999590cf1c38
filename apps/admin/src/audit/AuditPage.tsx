import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import {
  ACTOR_TYPES,
  AUDIT_ACTIONS,
  AUDIT_EXPORT,
  auditActorWords,
  auditDetailWords,
  auditExportHref,
  auditLearnerWords,
  type ActorType,
  type AuditAction,
} from '@perch/shared';
import { useState } from 'react';
import { Page } from '../ui/Page';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { columnLabels } from '../ui/column-labels';
import { actorTypeLabel, auditActionLabel } from './audit-labels';
import 'messages:audit';
import 'messages:nav';

const PAGE_SIZE = 50;
const COLUMNS = ['when', 'who', 'what', 'learner', 'details', 'ip'] as const;
/** The viewer's time zone, for the CSV's local-time column. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** `datetime-local` value (local time, no zone) → ISO-8601 for the API; empty → undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** What happened, who did it and when: sign-ins, learners, sessions, codes. Newest first. */
export function AuditPage() {
  const { t } = useI18n();
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
  const columns = COLUMNS.map((column) => t(`audit.col.${column}`));

  return (
    <Page
      id="audit"
      title={t('nav.audit')}
      lede={t('audit.lede')}
      actions={
        <div className="page-actions-stack">
          {/* A plain link: the browser streams the file to disk, however long the log. */}
          <a className="btn" href={auditExportHref({ ...filter, ...(TIME_ZONE ? { timeZone: TIME_ZONE } : {}) })} download aria-describedby="audit-export-note">
            {t('audit.export.download')}
          </a>
          <p id="audit-export-note" className="muted small">
            {t('audit.export.note', { filtered: filtered ? 'yes' : 'no', max: AUDIT_EXPORT.maxRows })}
          </p>
        </div>
      }
    >
      <form className="toolbar filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor="audit-actor">{t('audit.filter.who')}</label>
          <select id="audit-actor" value={actor} onChange={(e) => setActor(e.target.value as ActorType | '')}>
            <option value="">{t('audit.filter.everyone')}</option>
            {ACTOR_TYPES.map((a) => (
              <option key={a} value={a}>
                {actorTypeLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-action">{t('audit.filter.action')}</label>
          <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">{t('audit.filter.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {auditActionLabel(a)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-since">{t('audit.filter.from')}</label>
          <input id="audit-since" type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        <div className="field field-inline">
          <label htmlFor="audit-until">{t('audit.filter.until')}</label>
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
            {t('audit.filter.clear')}
          </button>
        )}
      </form>

      {log.error && <ErrorNotice>{errorMessage(log.error)}</ErrorNotice>}
      {log.isPending ? (
        <Loading label={t('audit.loading')} />
      ) : entries.length === 0 && !log.error ? (
        <EmptyState title={t(filtered ? 'audit.noMatch' : 'audit.none')} />
      ) : (
        entries.length > 0 && (
          <>
            <div className="table-wrap">
              <table className="table table-audit" style={columnLabels(columns)}>
                <thead>
                  <tr>
                    {columns.map((column) => (
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
                        <span className={`badge badge-audit badge-audit-${e.action.split('.')[0]}`}>{auditActionLabel(e.action)}</span>
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
                  {t(log.isFetchingNextPage ? 'audit.loadingMore' : 'audit.older')}
                </button>
              </div>
            )}
          </>
        )
      )}
    </Page>
  );
}
