import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { EndedInfo } from '../lib/ended';
import { isSessionGone } from '../lib/error-data';
import { viewForState } from '../lib/session-view';
import { kioskApi, type KioskSession, type Redeemed } from '../kiosk-api';
import type { Launch } from '../launch/launch';
import { holdUpdateReload } from '../register-sw';
import type { Phase } from './phase';

/** The ended message stays this long, then the scan screen is plain again for the next learner. */
export const ENDED_NOTICE_MS = 60_000;

/** What went wrong, in words: they load on a failure (see components/problems.ts), not before the first screen. */
async function describeFailure(err: unknown) {
  const online = navigator.onLine;
  return (await import('../components/problems')).describeError(err, online);
}

/**
 * The kiosk's launch and hand-over logic: redeem the link's code, or resume the session the
 * HttpOnly cookie holds, or ask for a code; go back to "Scan your code" when a session ends.
 */
export function useKioskFlow(launch: Exclude<Launch, { kind: 'insecure' }>) {
  const [phase, setPhaseNow] = useState<Phase>(launch.kind === 'redeem' ? { kind: 'redeeming' } : { kind: 'checking' });
  // Every move is a transition: a screen still loading (see KioskFlow) keeps the current one on show
  // until it is ready, rather than a fallback that React then holds for a few hundred ms.
  const setPhase = useCallback((next: Phase) => startTransition(() => setPhaseNow(next)), []);
  const [redeeming, setRedeeming] = useState(false);

  /** Asks the server whether the cookie holds a live session (an app relaunch resumes it). */
  const fetchLiveSession = useCallback(async (answer: Promise<KioskSession> = kioskApi.me()) => {
    const me = await answer;
    return viewForState(me.state) === 'over' ? null : me;
  }, []);

  /** `answer`: the launch's own check, already under way; a Retry asks again. */
  const check = useCallback(async (answer?: Promise<KioskSession>) => {
    setPhase({ kind: 'checking' });
    try {
      const session = await fetchLiveSession(answer);
      setPhase(session ? { kind: 'session', seed: session } : { kind: 'scan' });
    } catch (err) {
      setPhase(isSessionGone(err) ? { kind: 'scan' } : { kind: 'problem', problem: await describeFailure(err) });
    }
  }, [fetchLiveSession, setPhase]);

  /** `answer`: the launch's own redeem of this code, already under way; otherwise it is sent now. */
  const redeemCode = useCallback(
    async (code: string, answer?: Promise<Redeemed>) => {
      holdUpdateReload(true);
      setRedeeming(true);
      try {
        // The answer carries the learner's name and end time: the session screen shows them at once.
        setPhase({ kind: 'session', seed: await (answer ?? kioskApi.redeem(code)) });
      } catch (err) {
        const problem = await describeFailure(err);
        // The same card scanned twice on this tablet: its session is already here, so carry on.
        const live = problem.kind === 'code-used' ? await fetchLiveSession().catch(() => null) : null;
        if (live) {
          setPhase({ kind: 'session', seed: live });
          return;
        }
        setPhase({ kind: 'scan', problem, problemAt: Date.now(), ...(problem.canRetry ? { retryCode: code } : {}) });
      } finally {
        setRedeeming(false);
        holdUpdateReload(false);
      }
    },
    [fetchLiveSession, setPhase],
  );

  // A forced end (null) goes straight back to a plain "Scan your code": no goodbye.
  const onEnded = useCallback((ended: EndedInfo | null) => setPhase(ended ? { kind: 'scan', ended } : { kind: 'scan' }), [setPhase]);

  // Launch once (StrictMode runs effects twice in development; a code must be redeemed once).
  const launched = useRef(false);
  useEffect(() => {
    if (launched.current) return;
    launched.current = true;
    if (launch.kind === 'redeem') void redeemCode(launch.code, launch.answer);
    else void check(launch.answer);
  }, [launch, redeemCode, check]);

  // The ended message is for the learner who just finished, not the next one.
  const endedShown = phase.kind === 'scan' && phase.ended !== undefined;
  useEffect(() => {
    if (!endedShown) return;
    const id = setTimeout(() => setPhase({ kind: 'scan' }), ENDED_NOTICE_MS);
    return () => clearTimeout(id);
  }, [endedShown, setPhase]);

  // Back online after a failed launch: try again without waiting for a tap.
  useEffect(() => {
    if (phase.kind !== 'problem') return;
    const retry = () => void check();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [phase.kind, check]);

  return { phase, check, redeemCode, redeeming, onEnded };
}
