import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LEARNER_AGE, LEARNER_NOTES_MAX, type Learner } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { toUserError, visibleError } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { ConsentBox } from './ConsentBox';
import { createInputFromDraft, updateInputFromDraft, type LearnerDraft } from './learner-draft';
import 'messages:common';
import 'messages:learners';

interface LearnerFormDialogProps {
  /** The learner being edited; absent when adding a new one. */
  learner?: Learner;
  /** Held by the page, so closing the dialog or an expired sign-in never loses what was typed. */
  draft: LearnerDraft;
  onDraftChange: (draft: LearnerDraft) => void;
  onSaved: (learner: Learner) => void;
  onClose: () => void;
}

/** Add or edit a learner: name, optional age and notes, and (when adding) the adult's consent. */
export function LearnerFormDialog({ learner, draft, onDraftChange, onSaved, onClose }: LearnerFormDialogProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const mutationOptions = {
    onSuccess: (saved: Learner) => {
      void queryClient.invalidateQueries(trpc.learners.list.pathFilter());
      onSaved(saved);
    },
    onError: (err: unknown) => setFieldErrors(toUserError(err).fieldErrors),
  };
  const create = useMutation(trpc.learners.create.mutationOptions(mutationOptions));
  const update = useMutation(trpc.learners.update.mutationOptions(mutationOptions));
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const set = <K extends keyof LearnerDraft>(key: K, value: LearnerDraft[K]) => {
    onDraftChange({ ...draft, [key]: value });
    if (fieldErrors[key]) setFieldErrors(({ [key]: _, ...rest }) => rest);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (learner) {
      const checked = updateInputFromDraft(learner.id, draft);
      if (!checked.ok) return setFieldErrors(checked.fieldErrors);
      setFieldErrors({});
      update.mutate(checked.data);
    } else {
      const checked = createInputFromDraft(draft);
      if (!checked.ok) return setFieldErrors(checked.fieldErrors);
      setFieldErrors({});
      create.mutate(checked.data);
    }
  };

  const failureText = visibleError(failure);
  return (
    <Dialog title={learner ? t('learners.form.editTitle', { name: learner.name }) : t('learners.form.addTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {failureText && Object.keys(failureText.fieldErrors).length === 0 && <ErrorNotice>{failureText.message}</ErrorNotice>}
        <Field label={t('learners.form.name')} error={fieldErrors.name}>
          {(control) => (
            <input {...control} data-autofocus value={draft.name} autoComplete="off" onChange={(e) => set('name', e.target.value)} />
          )}
        </Field>
        <Field
          label={
            <>
              {t('learners.form.age')} <span className="optional">{t('common.optional')}</span>
            </>
          }
          hint={t('learners.form.ageHint', { min: LEARNER_AGE.min, max: LEARNER_AGE.max })}
          error={fieldErrors.age}
          className="field-short"
        >
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              value={draft.age}
              onChange={(e) => set('age', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={
            <>
              {t('learners.form.notes')} <span className="optional">{t('common.optional')}</span>
            </>
          }
          hint={t('learners.form.notesHint')}
          error={fieldErrors.notes}
        >
          {(control) => (
            <textarea {...control} rows={3} maxLength={LEARNER_NOTES_MAX} value={draft.notes} onChange={(e) => set('notes', e.target.value)} />
          )}
        </Field>
        {!learner && (
          <ConsentBox checked={draft.consent} onChange={(checked) => set('consent', checked)} error={fieldErrors.consent}>
            {t('learners.form.consent')}
          </ConsentBox>
        )}
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving}>
            {t(saving ? 'common.saving' : learner ? 'learners.form.save' : 'learners.form.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
