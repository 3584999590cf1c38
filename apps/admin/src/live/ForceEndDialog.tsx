import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FORCE_END_REASON, forceEndInput, type SessionSummary } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { toUserError, visibleError } from '../lib/errors';
import { validate } from '../lib/validate';
import { useTRPC } from '../trpc';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import 'messages:common';
import 'messages:force';

/** Ends a session at once, with no grace period; the reason goes into the audit log. */
export function ForceEndDialog({ session, onClose }: { session: SessionSummary; onClose: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const forceEnd = useMutation(
    trpc.sessions.forceEnd.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        onClose();
      },
      onError: (err) => setFieldErrors(toUserError(err).fieldErrors),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(forceEndInput, { sessionId: session.id, reason });
    if (!checked.ok) return setFieldErrors(checked.fieldErrors);
    setFieldErrors({});
    forceEnd.mutate(checked.data);
  };

  const failure = visibleError(forceEnd.error);
  const length = reason.trim().length;
  return (
    <Dialog title={t('force.title', { name: session.learnerName })} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <p>{t('force.text')}</p>
        {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
        <Field
          label={t('force.reason')}
          hint={t('force.reasonHint', { min: FORCE_END_REASON.min, max: FORCE_END_REASON.max, length })}
          error={fieldErrors.reason}
        >
          {(control) => (
            <textarea
              {...control}
              data-autofocus
              rows={3}
              maxLength={FORCE_END_REASON.max}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-danger" disabled={forceEnd.isPending}>
            {t(forceEnd.isPending ? 'common.ending' : 'force.confirm')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
