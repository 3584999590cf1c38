import type { ExistingSession, OnExisting } from '@perch/shared';
import { useState } from 'react';
import { useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { ErrorNotice } from '../ui/ErrorNotice';
import { existingSessionMsg } from './existing-session-words';
import 'messages:common';
import 'messages:existing';

export type ExistingChoice = Exclude<OnExisting, 'refuse'>;

interface ExistingSessionChoiceProps {
  /** The learner's sessions the server named (newest first). */
  existing: ExistingSession[];
  /** The second try with the admin's choice: running, and how it failed, if it did. */
  pending: boolean;
  failure: unknown;
  onChoose: (choice: ExistingChoice) => void;
  onCancel: () => void;
}

/**
 * Said before a second session for one learner starts: where their session is and how long it has
 * left, and the three ways on. Focus starts on the safe choice, as in every confirmation.
 */
export function ExistingSessionChoice({ existing, pending, failure, onChoose, onCancel }: ExistingSessionChoiceProps) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<ExistingChoice | null>(null);
  const [newest, ...more] = existing;
  if (!newest) return null;
  const choose = (choice: ExistingChoice) => {
    setChosen(choice);
    onChoose(choice);
  };
  const error = chosen ? errorMessage(failure) : null;
  return (
    <div className="existing-session">
      <div className="notice notice-warning" role="alert">
        <span className="notice-icon" aria-hidden="true">
          !
        </span>
        <div className="notice-text">
          <p>
            <strong>{t(existingSessionMsg(newest))}</strong>
            {more.length > 0 && ` ${t('existing.more', { count: more.length })}`}
          </p>
          <p>{t('existing.ask')}</p>
        </div>
      </div>
      {error && <ErrorNotice>{error}</ErrorNotice>}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel} data-autofocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn" disabled={pending} onClick={() => choose('keep')}>
          {t(pending && chosen === 'keep' ? 'existing.starting' : 'existing.keep')}
        </button>
        <button type="button" className="btn btn-primary" disabled={pending} onClick={() => choose('end')}>
          {t(pending && chosen === 'end' ? 'existing.ending' : 'existing.end')}
        </button>
      </div>
    </div>
  );
}
