import type { Admin } from '@perch/shared';
import { useEffect } from 'react';
import { Brand } from '../ui/Brand';
import { InsecureConnectionNotice } from './InsecureConnectionNotice';
import { SignInForm } from './SignInForm';

/** The first screen: who Perch is for, and the sign-in form. */
export function SignInPage({ onSignedIn }: { onSignedIn: (admin: Admin) => void }) {
  useEffect(() => {
    document.title = 'Sign in · Perch admin';
    // Start keyboard users in the form, not at the top of the document.
    document.querySelector<HTMLElement>('.signin-card [data-autofocus]')?.focus();
  }, []);
  return (
    <main className="signin-page">
      <div className="signin-card">
        <Brand />
        <h1>Sign in</h1>
        <p className="muted">For teachers, parents and makerspace staff who hand out tablet sessions.</p>
        {window.isSecureContext ? <SignInForm onSignedIn={onSignedIn} /> : <InsecureConnectionNotice />}
      </div>
    </main>
  );
}
