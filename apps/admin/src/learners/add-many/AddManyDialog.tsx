import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LEARNERS_ADD_MANY_MAX, REQUEST_BODY_MAX_BYTES, createManyLearnersInput, type Learner } from '@perch/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { sentence, useI18n, type Sentence } from '../../i18n';
import { toUserError, visibleError } from '../../lib/errors';
import { validate } from '../../lib/validate';
import { useTRPC } from '../../trpc';
import { Dialog } from '../../ui/Dialog';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { ConsentBox } from '../ConsentBox';
import { readLearnerList } from './learner-list';
import type { ListDraft } from './list-draft';
import { ListInput } from './ListInput';
import { checkRows, withServerProblems } from './preview-rows';
import { PreviewTable } from './PreviewTable';
import { ReadingOptions } from './ReadingOptions';
import 'messages:addMany';
import 'messages:common';

interface AddManyDialogProps {
  /** Held by the page, so closing the dialog or an expired sign-in never loses the list. */
  draft: ListDraft;
  onDraftChange: (draft: ListDraft) => void;
  onAdded: (learners: Learner[]) => void;
  onClose: () => void;
}

/** What the server last said about the rows: refusals, or names it asks the admin to confirm. */
type ServerProblems = { fieldErrors: Record<string, string>; asWarnings: boolean; message: string } | null;

/**
 * "Add many learners": paste a list or open a CSV, see every row as it will be saved with its
 * problems on it, give consent once, and add them all (learners.createMany, all or none).
 */
export function AddManyDialog({ draft, onDraftChange, onAdded, onClose }: AddManyDialogProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'write' | 'preview'>(draft.text.trim() ? 'preview' : 'write');
  const [consent, setConsent] = useState(false);
  const [sameNamesOk, setSameNamesOk] = useState(false);
  const [server, setServer] = useState<ServerProblems>(null);
  // Worded when shown, so a language switch re-words the app's own (the schema's stay English).
  const [errors, setErrors] = useState<Record<string, Sentence>>({});

  const createMany = useMutation(
    trpc.learners.createMany.mutationOptions({
      onSuccess: ({ learners }) => {
        void queryClient.invalidateQueries(trpc.learners.list.pathFilter());
        onAdded(learners);
      },
      onError: (err) => {
        const failure = toUserError(err);
        // Other failures (offline, signed out) say nothing about the rows: the last word on them stands.
        if (failure.reason === 'LEARNER_NAME_EXISTS' || failure.reason === 'VALIDATION') {
          setServer({ fieldErrors: failure.fieldErrors, asWarnings: failure.reason === 'LEARNER_NAME_EXISTS', message: failure.message });
        }
      },
    }),
  );

  const list = useMemo(() => readLearnerList(draft.text, draft), [draft]);
  const checked = useMemo(() => checkRows(list.rows), [list]);
  const { rows, other } = useMemo(
    () => (server ? withServerProblems(checked, server.fieldErrors, server.asWarnings) : { rows: checked, other: [] }),
    [checked, server],
  );
  const bad = rows.filter((row) => row.errors.length > 0).length;
  const warned = rows.some((row) => row.warnings.length > 0);

  // Any change to the list makes what the server said about its rows stale, and any "add them anyway".
  const change = (next: ListDraft) => {
    onDraftChange(next);
    setServer(null);
    setSameNamesOk(false);
    createMany.reset();
    setErrors({});
  };

  const preview = (event: FormEvent) => {
    event.preventDefault();
    if (list.rows.length === 0) return setErrors({ text: { id: 'addMany.list.empty' } });
    setErrors({});
    setStep('preview');
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const checkedInput = validate(createManyLearnersInput, {
      learners: rows.map((row) => row.input),
      consent,
      ...(warned && sameNamesOk ? { addSameNames: true } : {}),
    });
    const next: Record<string, Sentence> = {};
    if (!checkedInput.ok && checkedInput.fieldErrors.consent) next.consent = checkedInput.fieldErrors.consent;
    if (!checkedInput.ok && checkedInput.fieldErrors.learners) next.list = checkedInput.fieldErrors.learners;
    else if (bad > 0) next.list = { id: 'addMany.fixFirst', values: { count: bad } };
    // Whatever else the shared schema refuses is said too, never swallowed.
    if (!checkedInput.ok && Object.keys(next).length === 0) next.list = Object.values(checkedInput.fieldErrors)[0] ?? '';
    setErrors(next);
    if (!checkedInput.ok || Object.keys(next).length > 0) return;
    if (new TextEncoder().encode(JSON.stringify(checkedInput.data)).length > REQUEST_BODY_MAX_BYTES) {
      return setErrors({ list: { id: 'addMany.tooLong' } });
    }
    createMany.mutate(checkedInput.data);
  };

  const failure = visibleError(createMany.error);
  return (
    <Dialog title={t('addMany.title')} size="wide" onClose={onClose} className="add-many">
      {step === 'write' ? (
        <form className="form" onSubmit={preview} noValidate>
          <ListInput text={draft.text} onText={(text) => change({ ...draft, text })} onFileRead={() => setStep('preview')} error={errors.text && sentence(errors.text)} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary">
              {t('addMany.preview')}
            </button>
          </div>
        </form>
      ) : (
        <form className="form" onSubmit={add} noValidate>
          <p className="preview-summary" role="status">
            {t('addMany.count', { count: rows.length })}
            {bad > 0 && ` · ${t('addMany.linesToFix', { count: bad })}`}
            {rows.length > LEARNERS_ADD_MANY_MAX && ` · ${t('addMany.atMost', { max: LEARNERS_ADD_MANY_MAX })}`}
          </p>
          <ReadingOptions draft={draft} list={list} onChange={change} />
          {rows.length > 0 && <PreviewTable rows={rows} />}
          {errors.list && <ErrorNotice>{sentence(errors.list)}</ErrorNotice>}
          {failure && failure.reason !== 'LEARNER_NAME_EXISTS' && failure.reason !== 'VALIDATION' && <ErrorNotice>{failure.message}</ErrorNotice>}
          {server && !server.asWarnings && (
            <ErrorNotice>{other.length > 0 || bad === 0 ? server.message : t('addMany.fixMarked')}</ErrorNotice>
          )}
          {warned && server && (
            <div className="notice notice-warning">
              <span className="notice-icon" aria-hidden="true">!</span>
              <div className="notice-text">
                <p>{server.message}</p>
                <label className="checkbox">
                  <input type="checkbox" checked={sameNamesOk} onChange={(e) => setSameNamesOk(e.target.checked)} />
                  <span>{t('addMany.sameNamesOk')}</span>
                </label>
              </div>
            </div>
          )}
          <ConsentBox
            checked={consent}
            onChange={(checked) => {
              setConsent(checked);
              setErrors(({ consent: _, ...rest }) => rest);
            }}
            error={errors.consent && sentence(errors.consent)}
          >
            {t('addMany.consent')}
          </ConsentBox>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setStep('write')}>
              {t('addMany.back')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={createMany.isPending || rows.length === 0}>
              {createMany.isPending ? t('addMany.adding') : t('addMany.add', { count: rows.length })}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
