import type { Admin } from '@perch/shared';
import { useI18n } from '../i18n';
import { Dialog } from '../ui/Dialog';
import { SignInForm } from './SignInForm';
import 'messages:auth';

/**
 * Shown over the app when the admin session has lapsed. The app stays mounted underneath, so
 * open forms keep what was typed; after signing in the person carries on where they were.
 */
export function SignInAgainDialog({ email, onSignedIn }: { email: string; onSignedIn: (admin: Admin) => void }) {
  const { t } = useI18n();
  return (
    <Dialog title={t('auth.again.title')} onClose={() => {}} dismissible={false} size="narrow" className="signin-again">
      <p className="muted">{t('auth.again.text')}</p>
      <SignInForm onSignedIn={onSignedIn} initialEmail={email} submitLabel={t('auth.again.submit')} />
    </Dialog>
  );
}
