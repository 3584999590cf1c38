import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SESSION_STATES, type ClassSummary, type StartBulkOutput } from '@perch/shared';
import { useState } from 'react';
import { t, useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { navigate } from '../lib/routes';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { Page } from '../ui/Page';
import { ClassSessions } from './ClassSessions';
import { PrintSheet } from './PrintSheet';
import { ActionsTable } from '../ui/ActionsTable';
import 'messages:classes';
import 'messages:live';
import 'messages:nav';
import 'messages:sessions';


/** "3 waiting · 2 active · 1 ended": the states a class's sessions are in (catalog: `classes.counts.<state>`). */
function describeCounts(counts: ClassSummary['counts']): string {
  return SESSION_STATES.filter((s) => counts[s] > 0)
    .map((s) => t(`classes.counts.${s}`, { count: counts[s] }))
    .join(' · ');
}

/** Classes you can come back to: the list, one class's sessions, reprinted cards, ending it. */
export function ClassesPage() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<ClassSummary | null>(null);
  const [reprinted, setReprinted] = useState<StartBulkOutput | null>(null);
  const classes = useQuery(trpc.classes.list.queryOptions());
  const reprint = useMutation(
    trpc.classes.reprint.mutationOptions({
      onSuccess: (batch) => {
        setReprinted(batch);
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
      },
    }),
  );
  const back = () => {
    setOpen(null);
    setReprinted(null);
    reprint.reset();
    void queryClient.invalidateQueries(trpc.classes.list.pathFilter());
  };

  if (reprinted) {
    return (
      <Page id="classes" title={t('classes.reprinted')} headerClassName="no-print">
        <p className="notice notice-info no-print" role="status">
          {t('classes.reprintedText', { count: reprinted.sessions.length })}
        </p>
        <PrintSheet
          batch={reprinted}
          durationMin={reprinted.sessions[0]?.durationMin ?? 0}
          onStartAgain={() => reprint.mutate({ batchId: reprinted.batchId })}
          onNewClass={back}
        />
      </Page>
    );
  }

  if (open) {
    return (
      <Page
        id="classes"
        title={open.label ? t('classes.named', { label: open.label }) : t('live.classFilter')}
        lede={t('classes.started', { date: formatDateTime(open.createdAt) })}
        actions={
          <div className="page-header-actions">
            <button type="button" className="btn" onClick={back}>
              {t('classes.all')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => reprint.mutate({ batchId: open.batchId })} disabled={reprint.isPending}>
              {t(reprint.isPending ? 'classes.reprinting' : 'classes.reprint')}
            </button>
          </div>
        }
      >
        {reprint.error && <ErrorNotice>{errorMessage(reprint.error)}</ErrorNotice>}
        <ClassSessions batchId={open.batchId} />
      </Page>
    );
  }

  const list = classes.data ?? [];
  return (
    <Page
      id="classes"
      title={t('nav.classes')}
      lede={t('classes.lede')}
      actions={
        <button type="button" className="btn btn-primary" onClick={() => navigate('class')}>
          {t('nav.class')}
        </button>
      }
    >
      {classes.error && <ErrorNotice>{errorMessage(classes.error)}</ErrorNotice>}
      {classes.isPending ? (
        <Loading label={t('classes.loading')} />
      ) : list.length === 0 && !classes.error ? (
        <EmptyState title={t('classes.none')}>{t('classes.noneHint')}</EmptyState>
      ) : (
        list.length > 0 && (
          <ActionsTable columns={[t('live.classFilter'), t('sessions.col.started'), t('classes.col.sessions')]}>
            {list.map((c) => (
              <tr key={c.batchId} data-batch-id={c.batchId}>
                <th scope="row">{c.label ?? <span className="muted">{t('classes.noLabel')}</span>}</th>
                <td>{formatDateTime(c.createdAt)}</td>
                <td>
                  {c.total} · <span className="muted">{describeCounts(c.counts)}</span>
                </td>
                <td className="cell-actions">
                  <button type="button" className="btn btn-small" onClick={() => setOpen(c)} aria-label={c.label ? t('classes.openNamed', { label: c.label }) : t('classes.openClass')}>
                    {t('classes.open')}
                  </button>
                </td>
              </tr>
            ))}
          </ActionsTable>
        )
      )}
    </Page>
  );
}
