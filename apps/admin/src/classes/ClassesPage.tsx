import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClassSummary, SessionState, StartBulkOutput } from '@perch/shared';
import { useState } from 'react';
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

const STATE_WORDS: [SessionState, string][] = [
  ['pending', 'waiting'],
  ['active', 'active'],
  ['locked', 'locked'],
  ['ending', 'ending'],
  ['ended', 'ended'],
  ['revoked', 'ended by an admin'],
  ['expired', 'expired'],
];

/** "3 waiting · 2 active · 1 ended": the states a class's sessions are in. */
function describeCounts(counts: ClassSummary['counts']): string {
  return STATE_WORDS.filter(([s]) => counts[s] > 0)
    .map(([s, words]) => `${counts[s]} ${words}`)
    .join(' · ');
}

/** Classes you can come back to: the list, one class's sessions, reprinted cards, ending it. */
export function ClassesPage() {
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
      <Page id="classes" title="Reprinted cards" headerClassName="no-print">
        <p className="notice notice-info no-print" role="status">
          New cards for the {reprinted.sessions.length} learner{reprinted.sessions.length === 1 ? '' : 's'} still waiting. The old cards no longer work.
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
        title={open.label ? `Class “${open.label}”` : 'Class'}
        lede={`Started ${formatDateTime(open.createdAt)}.`}
        actions={
          <div className="page-header-actions">
            <button type="button" className="btn" onClick={back}>
              All classes
            </button>
            <button type="button" className="btn btn-primary" onClick={() => reprint.mutate({ batchId: open.batchId })} disabled={reprint.isPending}>
              {reprint.isPending ? 'Making new cards…' : 'Reprint cards'}
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
      title="Classes"
      lede="Every class start: come back to one to see its sessions, reprint the cards of those still waiting, or end it."
      actions={
        <button type="button" className="btn btn-primary" onClick={() => navigate('class')}>
          Start a class
        </button>
      }
    >
      {classes.error && <ErrorNotice>{errorMessage(classes.error)}</ErrorNotice>}
      {classes.isPending ? (
        <Loading label="Loading classes…" />
      ) : list.length === 0 && !classes.error ? (
        <EmptyState title="No classes yet">Start a class to give every learner in the room a card at once.</EmptyState>
      ) : (
        list.length > 0 && (
          <ActionsTable columns={['Class', 'Started', 'Sessions']}>
            {list.map((c) => (
              <tr key={c.batchId} data-batch-id={c.batchId}>
                <th scope="row">{c.label ?? <span className="muted">No label</span>}</th>
                <td>{formatDateTime(c.createdAt)}</td>
                <td>
                  {c.total} · <span className="muted">{describeCounts(c.counts)}</span>
                </td>
                <td className="cell-actions">
                  <button type="button" className="btn btn-small" onClick={() => setOpen(c)} aria-label={`Open ${c.label ?? 'class'}`}>
                    Open
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
