import { AppHeader } from './components/AppHeader';
import { InsecureConnectionScreen } from './components/InsecureConnectionScreen';
import { KioskFlow } from './components/KioskFlow';
import { DeviceNotice } from './device/DeviceNotice';
import { NotEnrolledScreen } from './device/NotEnrolledScreen';
import { TabletName } from './device/TabletName';
import { useDevice } from './device/useDevice';
import { launchEnrollCode, type Launch } from './launch/launch';

/** The kiosk app. `launch` began before the app loaded (see launch/launch.ts). */
export function App({ launch }: { launch: Launch }) {
  const device = useDevice(launch.kind === 'insecure' ? null : launchEnrollCode);
  return (
    <>
      <AppHeader>
        <TabletName device={device} />
      </AppHeader>
      <DeviceNotice device={device} />
      {/* Without a secure context the session cookie would be dropped: never redeem there. */}
      {launch.kind === 'insecure' ? (
        <InsecureConnectionScreen hadCode={launch.hadCode} />
      ) : device.kind === 'none' && device.redeemMode === 'enrolled' ? (
        // Only enrolled tablets may redeem, and this browser is not one (never enrolled, or retired).
        <NotEnrolledScreen />
      ) : (
        <KioskFlow launch={launch} />
      )}
    </>
  );
}
