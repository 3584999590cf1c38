import { AppHeader } from './components/AppHeader';
import { InsecureConnectionScreen } from './components/InsecureConnectionScreen';
import { KioskFlow } from './components/KioskFlow';

/** The kiosk app. `launchCode` was taken from the address before anything else ran (see main.tsx). */
export function App({ launchCode }: { launchCode: string | null }) {
  return (
    <>
      <AppHeader />
      {/* Without a secure context the session cookie would be dropped: never redeem there. */}
      {window.isSecureContext ? <KioskFlow launchCode={launchCode} /> : <InsecureConnectionScreen hadCode={launchCode !== null} />}
    </>
  );
}
