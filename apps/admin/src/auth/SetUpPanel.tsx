import { SETUP_TOKEN_TTL_MS, type Admin } from '@perch/shared';
import { FirstAdminForm } from './FirstAdminForm';
import { InsecureConnectionNotice } from './InsecureConnectionNotice';

interface SetUpPanelProps {
  /** The set-up link's token, or null when this page was opened without one. */
  token: string | null;
  onSignedIn: (admin: Admin) => void;
  onAlreadySetUp: () => void;
}

const TTL_HOURS = SETUP_TOKEN_TTL_MS / (60 * 60_000);

/**
 * Perch has no admin yet. Whoever opened the set-up link Perch printed at start-up creates the
 * first admin here; anyone else is told where that link is, never offered set-up.
 */
export function SetUpPanel({ token, onSignedIn, onAlreadySetUp }: SetUpPanelProps) {
  if (!token) {
    return (
      <>
        <h1>Set up Perch</h1>
        <p>Perch has no admin yet. To create the first one, open the set-up link Perch printed when it started.</p>
        <p>
          Look in the terminal or server log where Perch runs (where you typed <code>pnpm start</code>) for a line like{' '}
          <code className="setup-link-example">{`${window.location.origin}/admin/#setup=…`}</code> and open it in this
          browser.
        </p>
        <p className="muted">
          No link there, or more than {TTL_HOURS} hours old? Restart Perch to print a new one, or create an admin on the
          server with <code>pnpm create-admin</code>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Set up Perch</h1>
      <p className="muted">Perch has no admin yet. Create the first one: you will sign in with this email and password.</p>
      {window.isSecureContext ? (
        <FirstAdminForm token={token} onSignedIn={onSignedIn} onAlreadySetUp={onAlreadySetUp} />
      ) : (
        <InsecureConnectionNotice />
      )}
    </>
  );
}
