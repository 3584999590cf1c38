import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { LEARNERS_LIST, type Learner } from '@perch/shared';
import { useState } from 'react';
import { Page } from '../ui/Page';
import { useI18n } from '../i18n';
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
import 'messages:learners';
import 'messages:nav';

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
  const { t } = useI18n();
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
      title={t('nav.learners')}
      lede={t('learners.lede')}
      actions={
        <div className="page-header-actions">
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'guest' })}>
            {t('learners.guest')}
          </button>
          <button type="button" className="btn" onClick={() => navigate('class')}>
            {t('nav.class')}
          </button>
          <button type="button" className="btn" onClick={() => setDialog({ kind: 'many' })}>
            {t('learners.addMany')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('learners.add')}
          </button>
        </div>
      }
    >
      <div className="toolbar">
        <div className="search">
          <label htmlFor="learner-search" className="visually-hidden">
            {t('learners.search')}
          </label>
          <input
            id="learner-search"
            type="search"
            placeholder={t('learners.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <label className="checkbox checkbox-inline">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <span>{t('learners.showArchived')}</span>
        </label>
        <p className="toolbar-count" aria-live="polite">
          {learners.data &&
            // The server sends one page at most; past it, the search finds the others.
            t(list.length >= LEARNERS_LIST.max ? 'learners.countFirst' : 'learners.count', { count: list.length })}
        </p>
      </div>

      <p className="visually-hidden" role="status">
        {announcement}
      </p>

      {learners.error && <ErrorNotice>{errorMessage(learners.error)}</ErrorNotice>}
      {learners.isPending ? (
        <Loading label={t('learners.loading')} />
      ) : list.length === 0 && !learners.error ? (
        query ? (
          <EmptyState title={t('learners.noMatch', { query })}>{t('learners.noMatchHint')}</EmptyState>
        ) : (
          <EmptyState
            title={t('learners.none')}
            action={
              <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'create' })}>
                {t('learners.addFirst')}
              </button>
            }
          >
            {t('learners.noneHint')}
          </EmptyState>
        )
      ) : (
        list.length > 0 && (
          <ActionsTable columns={[t('learners.col.name'), t('learners.col.age'), t('learners.col.added')]}>
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
            setAnnouncement(t('learners.added', { name: learner.name }));
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
            setAnnouncement(t('learners.addedMany', { count: added.length }));
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
            setAnnouncement(t('learners.saved', { name: learner.name }));
          }}
        />
      )}
      {dialog?.kind === 'archive' && (
        <ArchiveLearnerDialog
          learner={dialog.learner}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setAnnouncement(t('learners.archived', { name: dialog.learner.name }));
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
