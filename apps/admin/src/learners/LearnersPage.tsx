import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { LEARNERS_LIST, type Learner } from '@perch/shared';
import { useState } from 'react';
import { Page } from '../ui/Page';
import { errorMessage } from '../lib/errors';
import { navigate } from '../lib/routes';
import { useDebounced } from '../lib/use-debounced';
import { StartSessionDialog } from '../sessions/StartSessionDialog';
import { useTRPC } from '../trpc';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { ArchiveLearnerDialog } from './ArchiveLearnerDialog';
import { draftFromLearner, EMPTY_LEARNER_DRAFT, type LearnerDraft } from './learner-draft';
import { LearnerFormDialog } from './LearnerFormDialog';
import { LearnerRow } from './LearnerRow';
import { SendToTabletDialog } from '../tablets/SendToTabletDialog';
import { ActionsTable } from '../ui/ActionsTable';
import { AddManyDialog } from './add-many/AddManyDialog';
import { EMPTY_LIST_DRAFT, type ListDraft } from './add-many/list-draft';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'many' }
  | { kind: 'edit'; learner: Learner }
  | { kind: 'archive'; learner: Learner }
  | { kind: 'start'; learner: Learner }
  | { kind: 'send'; learner: Learner }
  | { kind: 'guest' }
  | null;

/** The learner list: search, add one or many, edit, archive, and start a session for one. */
export function LearnersPage() {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  // Drafts live here, not in the dialogs: closing a dialog or signing in again keeps them.
  const [createDraft, setCreateDraft] = useState<LearnerDraft>(EMPTY_LEARNER_DRAFT);
  const [editDraft, setEditDraft] = useState<LearnerDraft>(EMPTY_LEARNER_DRAFT);
  const [listDraft, setListDraft] = useState<ListDraft>(EMPTY_LIST_DRAFT);
  const [announcement, setAnnouncement] = useState('');
  const query = useDebounced(search.trim());

  const learners = useQuery({
    ...trpc.learners.list.queryOptions({ ...(query ? { search: query } : {}), ...(showArchived ? { includeArchived: true } : {}) }),
    placeholderData: keepPreviousData,
  });
  const list = learners.data ?? [];

  return (
    <Page
      id="learners"
      title="Learners"
      lede="Add the children and teens you work with, then start a tablet session for any of them."
      actions={
        <div className="page-header-actions">
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'guest' })}>
            Guest session
          </button>
          <button type="button" className="btn" onClick={() => navigate('class')}>
            Start a class
          </button>
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'many' })}>
            Add many
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            Add learner
          </button>
        </div>
      }
    >
      <div className="toolbar">
        <div className="search">
          <label htmlFor="learner-search" className="visually-hidden">
            Search learners
          </label>
          <input
            id="learner-search"
            type="search"
            placeholder="Search by name"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <label className="checkbox checkbox-inline">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <span>Show archived</span>
        </label>
        <p className="toolbar-count" aria-live="polite">
          {learners.data &&
            // The server sends one page at most; past it, the search finds the others.
            (list.length >= LEARNERS_LIST.max
              ? `The first ${list.length} learners; search to find others`
              : `${list.length} learner${list.length === 1 ? '' : 's'}`)}
        </p>
      </div>

      <p className="visually-hidden" role="status">
        {announcement}
      </p>

      {learners.error && <ErrorNotice>{errorMessage(learners.error)}</ErrorNotice>}
      {learners.isPending ? (
        <Loading label="Loading learners…" />
      ) : list.length === 0 && !learners.error ? (
        query ? (
          <EmptyState title={`No learners match “${query}”.`}>Check the spelling, or add them as a new learner.</EmptyState>
        ) : (
          <EmptyState
            title="No learners yet"
            action={
              <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
                Add the first learner
              </button>
            }
          >
            Add a learner to give them a kiosk session with a QR code.
          </EmptyState>
        )
      ) : (
        list.length > 0 && (
          <ActionsTable columns={['Name', 'Age', 'Added']}>
            {list.map((learner) => (
              <LearnerRow
                key={learner.id}
                learner={learner}
                onStart={() => setDialog({ kind: 'start', learner })}
                onSend={() => setDialog({ kind: 'send', learner })}
                onEdit={() => {
                  setEditDraft(draftFromLearner(learner));
                  setDialog({ kind: 'edit', learner });
                }}
                onArchive={() => setDialog({ kind: 'archive', learner })}
              />
            ))}
          </ActionsTable>
        )
      )}

      {dialog?.kind === 'create' && (
        <LearnerFormDialog
          draft={createDraft}
          onDraftChange={setCreateDraft}
          onClose={() => setDialog(null)}
          onSaved={(learner) => {
            setCreateDraft(EMPTY_LEARNER_DRAFT);
            setDialog(null);
            setAnnouncement(`${learner.name} was added.`);
          }}
        />
      )}
      {dialog?.kind === 'many' && (
        <AddManyDialog
          draft={listDraft}
          onDraftChange={setListDraft}
          onClose={() => setDialog(null)}
          onAdded={(added) => {
            setListDraft(EMPTY_LIST_DRAFT);
            setDialog(null);
            setAnnouncement(`${added.length === 1 ? '1 learner was' : `${added.length} learners were`} added.`);
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <LearnerFormDialog
          learner={dialog.learner}
          draft={editDraft}
          onDraftChange={setEditDraft}
          onClose={() => setDialog(null)}
          onSaved={(learner) => {
            setDialog(null);
            setAnnouncement(`Changes to ${learner.name} were saved.`);
          }}
        />
      )}
      {dialog?.kind === 'archive' && (
        <ArchiveLearnerDialog
          learner={dialog.learner}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setAnnouncement(`${dialog.learner.name} was archived.`);
          }}
        />
      )}
      {dialog?.kind === 'start' && (
        <StartSessionDialog learner={{ id: dialog.learner.id, name: dialog.learner.name }} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'guest' && <StartSessionDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'send' && (
        <SendToTabletDialog learner={{ id: dialog.learner.id, name: dialog.learner.name }} onClose={() => setDialog(null)} />
      )}
    </Page>
  );
}
