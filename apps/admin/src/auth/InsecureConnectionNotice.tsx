import { ErrorNotice } from '../ui/ErrorNotice';

/**
 * Over plain http on a network address the browser is not in a secure context and drops Perch's
 * Secure sign-in cookie: signing in would appear to work and then forget you at once. Say why
 * instead, before anyone types a password.
 */
export function InsecureConnectionNotice() {
  return (
    <ErrorNotice>
      <strong>This page needs a secure connection.</strong> Perch keeps you signed in with a secure cookie, which
      browsers only allow over <strong>https://</strong> (or at localhost on this computer). Open Perch at its
      https:// address, or ask whoever set it up.
    </ErrorNotice>
  );
}
