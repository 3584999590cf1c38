import { useMutation } from '@tanstack/react-query';
import { firstAdminInput, PASSWORD_MIN, type Admin } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { toUserError } from '../lib/errors';
import { validate } from '../lib/validate';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import 'messages:auth';
import 'messages:setup';
import 'messages:common';

interface FirstAdminFormProps {
  /** The set-up link's token, taken from the address when the app opened. */
  token: string;
  onSignedIn: (admin: Admin) => void;
  /** Someone else finished set-up first: the page turns to sign-in. */
  onAlreadySetUp: () => void;
}

/**
 * Name, email and password (twice: there is no one yet to reset a mistyped one) →
 * auth.createFirstAdmin, which creates the first admin and signs them in with the admin cookie.
 */
export function FirstAdminForm({ token, onSignedIn, onAlreadySetUp }: FirstAdminFormProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.auth.createFirstAdmin.mutationOptions({
      onSuccess: (admin) => {
        setPassword('');
        setRepeat('');
        onSignedIn(admin);
      },
      onError: (err) => {
        const failure = toUserError(err);
        if (failure.reason === 'ALREADY_SET_UP') onAlreadySetUp();
        setFieldErrors(failure.fieldErrors);
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(firstAdminInput, { token, name, email, password });
    const errors = checked.ok ? {} : { ...checked.fieldErrors };
    if (!errors.password && password !== repeat) errors.repeat = t('setup.mismatch');
    if (!checked.ok || errors.repeat) {
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    create.mutate(checked.data);
  };

  const failure = create.error ? toUserError(create.error) : null;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('setup.submit')}>
      {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
      {fieldErrors.token && <ErrorNotice>{fieldErrors.token}</ErrorNotice>}
      <Field label={t('setup.name')} error={fieldErrors.name}>
        {(control) => (
          <input {...control} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        )}
      </Field>
      <Field label={t('auth.email')} hint={t('setup.emailHint')} error={fieldErrors.email}>
        {(control) => <input {...control} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label={t('auth.password')} hint={t('setup.passwordHint', { min: PASSWORD_MIN })} error={fieldErrors.password}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        )}
      </Field>
      <Field label={t('setup.repeat')} error={fieldErrors.repeat}>
        {(control) => (
          <input {...control} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        )}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={create.isPending}>
        {t(create.isPending ? 'common.creating' : 'setup.submit')}
      </button>
    </form>
  );
}
