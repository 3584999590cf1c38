import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, isSessionGone } from '../lib/friendly-error';
import { viewForState, type EndedInfo } from '../lib/session-view';
import { holdUpdateReload } from '../register-sw';
import { useTRPC } from '../trpc';
import type { Phase } from './phase';

/** The ended message stays this long, then the scan screen is plain again for the next learner. */
export const ENDED_NOTICE_MS = 60_000;

/**
 * The kiosk's launch and hand-over logic: redeem the link's code, or resume the session the
 * HttpOnly cookie holds, or ask for a code; go back to "Scan your code" when a session ends.
 */
export function useKioskFlow(launchCode: string | null) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<Phase>(launchCode ? { kind: 'redeeming' } : { kind: 'checking' });
  const { mutateAsync: redeemAsync, isPending: redeeming } = useMutation(trpc.kiosk.redeem.mutationOptions());

  /** Asks the server whether the cookie holds a live session (an app relaunch resumes it). */
  const fetchLiveSession = useCallback(async () => {
    const me = await queryClient.fetchQuery({ ...trpc.kiosk.me.queryOptions(), staleTime: 0, retry: false });
    return viewForState(me.state) === 'over' ? null : me;
  }, [queryClient, trpc]);

  const check = useCallback(async () => {
    setPhase({ kind: 'checking' });
    try {
      setPhase((await fetchLiveSession()) ? { kind: 'session' } : { kind: 'scan' });
    } catch (err) {
      setPhase(isSessionGone(err) ? { kind: 'scan' } : { kind: 'problem', problem: describeError(err, navigator.onLine) });
    }
  }, [fetchLiveSession]);

  const redeemCode = useCallback(
    async (code: string) => {
      holdUpdateReload(true);
      try {
        await redeemAsync({ code });
        queryClient.removeQueries({ queryKey: trpc.kiosk.me.queryKey() });
        setPhase({ kind: 'session' });
      } catch (err) {
        const problem = describeError(err, navigator.onLine);
        // The same card scanned twice on this tablet: its session is already here, so carry on.
        if (problem.kind === 'code-used' && (await fetchLiveSession().catch(() => null))) {
          setPhase({ kind: 'session' });
          return;
        }
        setPhase({ kind: 'scan', problem, problemAt: Date.now(), ...(problem.canRetry ? { retryCode: code } : {}) });
      } finally {
        holdUpdateReload(false);
      }
    },
    [redeemAsync, queryClient, trpc, fetchLiveSession],
  );

  const onEnded = useCallback(
    (ended: EndedInfo) => {
      queryClient.removeQueries({ queryKey: trpc.kiosk.me.queryKey() });
      setPhase({ kind: 'scan', ended });
    },
    [queryClient, trpc],
  );

  // Launch once (StrictMode runs effects twice in development; a code must be redeemed once).
  const launched = useRef(false);
  useEffect(() => {
    if (launched.current) return;
    launched.current = true;
    if (launchCode) void redeemCode(launchCode);
    else void check();
  }, [launchCode, redeemCode, check]);

  // The ended message is for the learner who just finished, not the next one.
  const endedShown = phase.kind === 'scan' && phase.ended !== undefined;
  useEffect(() => {
    if (!endedShown) return;
    const id = setTimeout(() => setPhase({ kind: 'scan' }), ENDED_NOTICE_MS);
    return () => clearTimeout(id);
  }, [endedShown]);

  // Back online after a failed launch: try again without waiting for a tap.
  useEffect(() => {
    if (phase.kind !== 'problem') return;
    const retry = () => void check();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [phase.kind, check]);

  return { phase, check, redeemCode, redeeming, onEnded };
}
