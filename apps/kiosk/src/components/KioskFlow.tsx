import { lazyComponent } from '@perch/web';
import { Suspense, useEffect } from 'react';
import { useKioskFlow } from '../flow/useKioskFlow';
import { useI18n } from '../i18n';
import type { Launch } from '../launch/launch';
import { useOnline } from '../hooks/useOnline';
import { OfflineBanner } from './OfflineBanner';
import { StartingScreen } from './StartingScreen';
import 'messages:starting';

// No screen here but "Getting ready…" is needed to show it: each loads beside the first screen (and
// the launch's redeem or check) instead of before it. The kiosk's first download is React and this flow.
const SessionView = lazyComponent(() => import('./SessionView').then((m) => m.SessionView));
const ScanScreen = lazyComponent(() => import('./later-screens').then((m) => m.ScanScreen));
const ProblemScreen = lazyComponent(() => import('./problems').then((m) => m.ProblemScreen));
// The session screen is where a redeem link leads (launch.ts already fetches it then): have it ready
// before the redeem answers, so it renders at once. What went wrong (offline, server down) is fetched
// at once too, while the server still answers; offline, the service worker has it.
SessionView.preload();
ProblemScreen.preload();

/** Picks the screen for where the kiosk is: starting, scanning, in a session, or stuck offline. */
export function KioskFlow({ launch }: { launch: Exclude<Launch, { kind: 'insecure' }> }) {
  const { t } = useI18n();
  const { phase, check, redeemCode, redeeming, onEnded } = useKioskFlow(launch);
  const online = useOnline();
  const offlineScreen = phase.kind === 'problem' && phase.problem.kind === 'offline';

  // The scan screen, where every launch without a session ends and every session returns, once no
  // redeem competes with it.
  useEffect(() => {
    if (phase.kind !== 'redeeming') ScanScreen.preload();
  }, [phase.kind]);

  return (
    <>
      {!online && !offlineScreen && <OfflineBanner />}
      {/* One boundary above every screen: phase moves are transitions (useKioskFlow), so a screen
          still loading leaves the current one up instead of showing this fallback. */}
      <Suspense fallback={<StartingScreen />}>
        {phase.kind === 'checking' && <StartingScreen />}
        {phase.kind === 'redeeming' && <StartingScreen message={t('starting.session')} />}
        {phase.kind === 'problem' && <ProblemScreen problem={phase.problem} onRetry={() => void check()} />}
        {phase.kind === 'session' && <SessionView seed={phase.seed} onEnded={onEnded} />}
        {phase.kind === 'scan' && (
          <ScanScreen
            onCode={(code) => void redeemCode(code)}
            busy={redeeming}
            ended={phase.ended}
            problem={phase.problem}
            problemAt={phase.problemAt}
            onRetry={phase.retryCode ? () => void redeemCode(phase.retryCode!) : undefined}
          />
        )}
      </Suspense>
    </>
  );
}
