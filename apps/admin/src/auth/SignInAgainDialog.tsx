import type { Admin } from '@perch/shared';
import { Dialog } from '../ui/Dialog';
import { SignInForm } from './SignInForm';

/**
 * Shown over the app when the admin session has lapsed. The app stays mounted underneath, so
 * open forms keep what was typed; after signing in the person carries on where they were.
 */
export function SignInAgainDialog({ email, onSignedIn }: { email: string; onSignedIn: (admin: Admin) => void }) {
  return (
    <Dialog title="Please sign in again" onClose={() => {}} dismissible={false} size="narrow" className="signin-again">
      <p className="muted">
        Your sign-in has expired. Nothing you typed is lost: sign in and carry on where you were.
      </p>
      <SignInForm onSignedIn={onSignedIn} initialEmail={email} submitLabel="Sign in and continue" />
    </Dialog>
  );
}
