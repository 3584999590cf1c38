import { useKioskFlow } from '../flow/useKioskFlow';
import { useOnline } from '../hooks/useOnline';
import { OfflineBanner } from './OfflineBanner';
import { ProblemScreen } from './ProblemScreen';
import { ScanScreen } from './ScanScreen';
import { SessionView } from './SessionView';
import { StartingScreen } from './StartingScreen';

/** Picks the screen for where the kiosk is: starting, scanning, in a session, or stuck offline. */
export function KioskFlow({ launchCode }: { launchCode: string | null }) {
  const { phase, check, redeemCode, redeeming, onEnded } = useKioskFlow(launchCode);
  const online = useOnline();
  const offlineScreen = phase.kind === 'problem' && phase.problem.kind === 'offline';

  return (
    <>
      {!online && !offlineScreen && <OfflineBanner />}
      {phase.kind === 'checking' && <StartingScreen message="Getting ready…" />}
      {phase.kind === 'redeeming' && <StartingScreen message="Starting your session…" />}
      {phase.kind === 'problem' && <ProblemScreen problem={phase.problem} onRetry={() => void check()} />}
      {phase.kind === 'session' && <SessionView onEnded={onEnded} />}
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
    </>
  );
}
