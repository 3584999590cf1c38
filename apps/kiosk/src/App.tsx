import { AppHeader } from './components/AppHeader';
import { InsecureConnectionScreen } from './components/InsecureConnectionScreen';
import { KioskFlow } from './components/KioskFlow';
import type { Launch } from './launch/launch';

/** The kiosk app. `launch` began before the app loaded (see launch/launch.ts). */
export function App({ launch }: { launch: Launch }) {
  return (
    <>
      <AppHeader />
      {/* Without a secure context the session cookie would be dropped: never redeem there. */}
      {launch.kind === 'insecure' ? <InsecureConnectionScreen hadCode={launch.hadCode} /> : <KioskFlow launch={launch} />}
    </>
  );
}
