import { lazyComponent } from '@perch/web';
import { Suspense, useState } from 'react';
import { AppHeader } from './components/AppHeader';
import { KioskFlow } from './components/KioskFlow';
import { StartingScreen } from './components/StartingScreen';
import { DeviceNotice } from './device/DeviceNotice';
import { TabletName } from './device/TabletName';
import { useDevice } from './device/useDevice';
import { I18nProvider } from './i18n';
import { kioskApi } from './kiosk-api';
import { launchEnrollCode, type Launch } from './launch/launch';

// Screens a tablet rarely shows first, with their words: they load with the scan screen (see
// later-screens.ts) instead of before "Getting ready…".
const InsecureConnectionScreen = lazyComponent(() => import('./components/later-screens').then((m) => m.InsecureConnectionScreen));
const NotEnrolledScreen = lazyComponent(() => import('./components/later-screens').then((m) => m.NotEnrolledScreen));

/** The kiosk app. `launch` began before the app loaded (see launch/launch.ts). */
export function App({ launch }: { launch: Launch }) {
  // A session sent to this tablet: open it (its cookie is set), then start the flow afresh with a
  // session check, which finds it.
  const [flow, setFlow] = useState<{ launch: Launch; key: number }>({ launch, key: 0 });
  const { device, enroll } = useDevice(launch.kind === 'insecure' ? null : launchEnrollCode, (sessionId) => {
    void import('./device/follow-device').then(({ claimSentSession }) => claimSentSession(sessionId)).then((opened) => {
      if (!opened) return;
      const answer = kioskApi.me();
      answer.catch(() => {});
      setFlow((f) => ({ launch: { kind: 'check', answer }, key: f.key + 1 }));
    });
  });
  const current = flow.launch;
  return (
    <I18nProvider>
      <AppHeader>
        <TabletName device={device} />
      </AppHeader>
      <DeviceNotice device={device} />
      {/* Without a secure context the session cookie would be dropped: never redeem there. */}
      <Suspense fallback={<StartingScreen />}>
        {current.kind === 'insecure' ? (
          <InsecureConnectionScreen hadCode={current.hadCode} />
        ) : device.kind === 'none' && device.redeemMode === 'enrolled' ? (
          // Only enrolled tablets may redeem, and this browser is not one (never enrolled, or retired).
          <NotEnrolledScreen onEnroll={enroll} enrolling={false} />
        ) : (
          <KioskFlow key={flow.key} launch={current} />
        )}
      </Suspense>
    </I18nProvider>
  );
}
