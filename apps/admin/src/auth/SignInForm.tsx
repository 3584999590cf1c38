import { useMutation } from '@tanstack/react-query';
import { loginInput, type Admin } from '@perch/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { toUserError } from '../lib/errors';
import { validate } from '../lib/validate';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Field } from '../ui/Field';
import 'messages:auth';

interface SignInFormProps {
  onSignedIn: (admin: Admin) => void;
  initialEmail?: string;
  submitLabel?: string;
}

/** Email and password → auth.login, which sets the HttpOnly admin cookie. */
export function SignInForm({ onSignedIn, initialEmail = '', submitLabel }: SignInFormProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: (admin) => {
        setPassword('');
        onSignedIn(admin);
      },
      onError: (err) => setFieldErrors(toUserError(err).fieldErrors),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = validate(loginInput, { email, password });
    if (!checked.ok) {
      setFieldErrors(checked.fieldErrors);
      return;
    }
    setFieldErrors({});
    login.mutate(checked.data);
  };

  const failure = login.error ? toUserError(login.error) : null;
  return (
    <form className="form" onSubmit={submit} noValidate>
      {failure && Object.keys(failure.fieldErrors).length === 0 && <ErrorNotice>{failure.message}</ErrorNotice>}
      <Field label={t('auth.email')} error={fieldErrors.email}>
        {(control) => (
          <input
            {...control}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            {...(initialEmail ? {} : { 'data-autofocus': true })}
          />
        )}
      </Field>
      <Field label={t('auth.password')} error={fieldErrors.password}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            {...(initialEmail ? { 'data-autofocus': true } : {})}
          />
        )}
      </Field>
      <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
        {login.isPending ? t('auth.signingIn') : (submitLabel ?? t('auth.signIn'))}
      </button>
    </form>
  );
}
