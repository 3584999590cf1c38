import type { Learner } from '@perch/shared';
import { useI18n } from '../i18n';
import { formatDate, formatNumber } from '../lib/format';
import 'messages:learners';

interface LearnerRowProps {
  learner: Learner;
  onStart: () => void;
  /** Opens the session straight on an enrolled tablet (no code). */
  onSend: () => void;
  onEdit: () => void;
  onArchive: () => void;
}

/** One learner: who they are, and what can be done for them. */
export function LearnerRow({ learner, onStart, onSend, onEdit, onArchive }: LearnerRowProps) {
  const { t } = useI18n();
  const archived = learner.archivedAt !== null;
  return (
    <tr className={archived ? 'row-archived' : undefined}>
      <th scope="row">
        <div className="cell-name">
          <span className="avatar" aria-hidden="true">
            {learner.name.trim().charAt(0).toUpperCase()}
          </span>
          <span className="cell-name-text">
            <span className="learner-name">{learner.name}</span>
            {learner.notes && <span className="learner-notes">{learner.notes}</span>}
          </span>
        </div>
      </th>
      <td className="cell-age">{learner.age !== null ? formatNumber(learner.age) : <span className="muted">—</span>}</td>
      <td className="cell-date">
        {archived ? <span className="badge badge-muted">{t('learners.row.archived', { date: formatDate(learner.archivedAt!) })}</span> : formatDate(learner.createdAt)}
      </td>
      <td className="cell-actions">
        {!archived && (
          <div className="row-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={onStart} aria-label={t('learners.row.startFor', { name: learner.name })}>
              {t('learners.row.start')}
            </button>
            <button type="button" className="btn btn-small" onClick={onSend} aria-label={t('learners.row.sendFor', { name: learner.name })}>
              {t('learners.row.send')}
            </button>
            <button type="button" className="btn btn-small" onClick={onEdit} aria-label={t('learners.row.editFor', { name: learner.name })}>
              {t('learners.row.edit')}
            </button>
            <button type="button" className="btn btn-ghost btn-small" onClick={onArchive} aria-label={t('learners.row.archiveFor', { name: learner.name })}>
              {t('learners.row.archive')}
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
