import { Screen } from './Screen';

/**
 * Shown instead of the kiosk when the page is not a secure context (plain http on a network
 * address). Browsers drop Perch's Secure session cookie there, so redeeming a code would use it up
 * and leave the tablet with no session: better to stop before any code is sent.
 */
export function InsecureConnectionScreen({ hadCode }: { hadCode: boolean }) {
  return (
    <Screen title="This kiosk needs a secure connection">
      <p className="lead" role="alert">
        The tablet opened Perch without https, so it cannot keep a session safely.
        {hadCode && ' Your code has not been used.'}
      </p>
      <p className="lead">
        Ask the person who runs Perch for the kiosk’s secure address (it starts with <strong>https://</strong>), then
        scan your code again.
      </p>
    </Screen>
  );
}
