import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createGrantInput, GRANT_EXPIRY_DAYS, GRANT_LABEL_MAX, type CreateGrantOutput } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { toUserError, visibleError } from '../lib/errors';
import { validate } from '../lib/validate';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import { GrantSecret } from './GrantSecret';

/** The lifetimes offered; the shared default (90 days) is among them. */
export const EXPIRY_CHOICES_DAYS = [7, 30, GRANT_EXPIRY_DAYS.default, GRANT_EXPIRY_DAYS.max] as const;

/** Name a grant and pick how long it lasts; then show its secret, once. */
export function CreateGrantDialog({ onClose }: { onClose: () => void }) {
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
      <Dialog title={`Grant “${created.grant.label}” created`} onClose={onClose} size="wide" dismissible={false}>
        <GrantSecret created={created} onDone={onClose} />
      </Dialog>
    );
  }

  const failure = visibleError(create.error);
  return (
    <Dialog title="New agent grant" onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p>
          A grant lets one AI assistant call Perch’s tools over MCP. It acts as you, within the agents policy, and every call
          it makes is in the audit log under its label.
        </p>
        {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
        <Field label="Label" hint="Who will use it, e.g. “Claude for Room 4”. Shown in the audit log." error={fieldErrors.label}>
          {(control) => <input {...control} data-autofocus maxLength={GRANT_LABEL_MAX} value={label} onChange={(e) => setLabel(e.target.value)} />}
        </Field>
        <fieldset className={fieldErrors.expiresInDays ? 'fieldset field-invalid' : 'fieldset'}>
          <legend>Expires after</legend>
          <div className="segmented">
            {EXPIRY_CHOICES_DAYS.map((d) => (
              <label key={d} className={days === d ? 'segment segment-on' : 'segment'}>
                <input type="radio" name="expiresInDays" value={d} checked={days === d} onChange={() => setDays(d)} />
                {d} days
              </label>
            ))}
          </div>
          {fieldErrors.expiresInDays && <p className="field-error">{fieldErrors.expiresInDays}</p>}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create grant'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
