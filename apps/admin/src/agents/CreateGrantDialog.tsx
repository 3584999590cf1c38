import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createGrantInput, GRANT_EXPIRY_DAYS, GRANT_LABEL_MAX, type CreateGrantOutput } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { toUserError, visibleError } from '../lib/errors';
import { validate } from '../lib/validate';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { GrantSecret } from './GrantSecret';
import 'messages:common';
import 'messages:grant';
import 'messages:time';

/** The lifetimes offered; the shared default (90 days) is among them. */
export const EXPIRY_CHOICES_DAYS = [7, 30, GRANT_EXPIRY_DAYS.default, GRANT_EXPIRY_DAYS.max] as const;

/** Name a grant and pick how long it lasts; then show its secret, once. */
export function CreateGrantDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [days, setDays] = useState<number>(GRANT_EXPIRY_DAYS.default);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreateGrantOutput | null>(null);
  const create = useMutation(
    trpc.agents.grants.create.mutationOptions({
      onSuccess: (out) => {
        void queryClient.invalidateQueries(trpc.agents.grants.list.pathFilter());
        setCreated(out);
      },
      onError: (err) => setFieldErrors(toUserError(err).fieldErrors),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(createGrantInput, { label, expiresInDays: days });
    if (!checked.ok) return setFieldErrors(checked.fieldErrors);
    setFieldErrors({});
    create.mutate(checked.data);
  };

  if (created) {
    // Not dismissible by Esc: the secret is gone once this closes, so leaving takes a deliberate "Done".
    return (
      <Dialog title={t('grant.created', { label: created.grant.label })} onClose={onClose} size="wide" dismissible={false}>
        <GrantSecret created={created} onDone={onClose} />
      </Dialog>
    );
  }

  const failure = visibleError(create.error);
  return (
    <Dialog title={t('grant.newTitle')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p>{t('grant.intro')}</p>
        {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
        <Field label={t('grant.label')} hint={t('grant.labelHint')} error={fieldErrors.label}>
          {(control) => <input {...control} data-autofocus maxLength={GRANT_LABEL_MAX} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <fieldset className={fieldErrors.expiresInDays ? 'fieldset field-invalid' : 'fieldset'}>
          <legend>{t('grant.expires')}</legend>
          <div className="segmented">
            {EXPIRY_CHOICES_DAYS.map((d) => (
              <label key={d} className={days === d ? 'segment segment-on' : 'segment'}>
                <input type="radio" name="expiresInDays" value={d} checked={days === d} onChange={() => setDays(d)} />
                {t('time.days', { days: d })}
              </label>
            ))}
          </div>
          {fieldErrors.expiresInDays && <p className="field-error">{fieldErrors.expiresInDays}</p>}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t(create.isPending ? 'common.creating' : 'grant.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
