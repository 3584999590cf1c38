import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { KioskSession } from '@perch/shared';
import { clockOffsetMs } from '../lib/countdown';
import { describeError, isSessionGone } from '../lib/friendly-error';
import { throttle } from '../lib/idle-timer';
import { endedBecause, viewForState, type EndedInfo } from '../lib/session-view';
import { useIdleLock } from '../hooks/useIdleLock';
import { useTRPC } from '../trpc';
import { LockScreen } from './LockScreen';
import { ProblemScreen } from './ProblemScreen';
import { SessionScreen } from './SessionScreen';
import { StartingScreen } from './StartingScreen';

/** `kiosk.touch` on activity at most this often: enough for the server to know the tablet is in use. */
export const TOUCH_EVERY_MS = 30_000;
/** `kiosk.me` poll while the event stream is up (a safety net) and while it is down (the fallback). */
export const POLL_STREAM_UP_MS = 30_000;
export const POLL_STREAM_DOWN_MS = 5_000;

/**
 * A live session: follows it through the `kiosk.events` stream (an admin's end shows within a second
 * or two) with a slow `kiosk.me` poll behind it, locks when idle, and reports the end to `onEnded`.
 */
export function SessionView({ onEnded }: { onEnded: (ended: EndedInfo) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const meKey = trpc.kiosk.me.queryKey();
  const setSession = useCallback((s: KioskSession) => queryClient.setQueryData(meKey, s), [queryClient, meKey]);

  const events = useSubscription(
    trpc.kiosk.events.subscriptionOptions(undefined, {
      onData: setSession,
      onError: (err) => {
        if (isSessionGone(err)) void queryClient.invalidateQueries({ queryKey: meKey });
      },
    }),
  );
  const streamUp = events.status === 'pending';
  // The browser gives a stream up for good when a reconnect is answered with an error page (a
  // proxy's 502 while every instance restarts). Open it again after a pause; the poll covers the gap.
  const resubscribe = events.reset;
  const streamFailed = events.status === 'error' && !isSessionGone(events.error);
  useEffect(() => {
    if (!streamFailed) return;
    const id = setTimeout(resubscribe, POLL_STREAM_DOWN_MS);
    return () => clearTimeout(id);
  }, [streamFailed, resubscribe]);
  const me = useQuery(
    trpc.kiosk.me.queryOptions(undefined, {
      refetchInterval: streamUp ? POLL_STREAM_UP_MS : POLL_STREAM_DOWN_MS,
      refetchIntervalInBackground: true,
      retry: false,
    }),
  );
  const session = me.data;
  const lastName = useRef<string | null>(null);
  if (session) lastName.current = session.learnerName;

  const endedOnce = useRef(false);
  // Set when the learner confirms "I'm done": the stream may report `ending` before the answer does.
  const finishing = useRef(false);
  const end = useCallback(
    (because: EndedInfo['because']) => {
      if (endedOnce.current) return;
      endedOnce.current = true;
      onEnded({ because: finishing.current && because === 'ended' ? 'finished' : because, learnerName: lastName.current });
    },
    [onEnded],
  );

  const gone = me.error !== null && isSessionGone(me.error);
  useEffect(() => {
    if (session && viewForState(session.state) === 'over') end(endedBecause(session.state));
    else if (gone) end('ended');
  }, [session, gone, end]);

  const touch = useMutation(
    trpc.kiosk.touch.mutationOptions({
      onSuccess: setSession,
      onError: (err) => {
        if (isSessionGone(err)) end('ended');
      },
    }),
  );
  const finish = useMutation(
    trpc.kiosk.finish.mutationOptions({
      onSuccess: () => end('finished'),
      onError: (err) => {
        if (isSessionGone(err)) end('ended');
      },
    }),
  );

  const touchRef = useRef(touch.mutate);
  touchRef.current = touch.mutate;
  const lockedRef = useRef(false);
  const touchSoon = useMemo(() => throttle(() => touchRef.current(), TOUCH_EVERY_MS), []);
  const { idle, resume } = useIdleLock(session?.idleLockMin ?? 0, () => {
    if (!lockedRef.current) touchSoon();
  });
  const locked = idle || session?.state === 'locked';
  lockedRef.current = locked;

  if (!session) {
    if (me.isPending) return <StartingScreen message="Getting your session ready…" />;
    if (gone) return <StartingScreen message="Finishing up…" />;
    return <ProblemScreen problem={describeError(me.error, navigator.onLine)} onRetry={() => void me.refetch()} busy={me.isFetching} />;
  }

  const offset = clockOffsetMs(session.serverTime, me.dataUpdatedAt);
  if (locked) {
    return (
      <LockScreen
        learnerName={session.learnerName}
        busy={touch.isPending}
        error={touch.error && !isSessionGone(touch.error) ? describeError(touch.error, navigator.onLine).title : null}
        onContinue={() => touch.mutate(undefined, { onSuccess: resume })}
      />
    );
  }
  return (
    <SessionScreen
      learnerName={session.learnerName}
      sessionExpiresAt={session.sessionExpiresAt}
      clockOffsetMs={offset}
      onTimeUp={() => end('expired')}
      onFinish={() => {
        finishing.current = true;
        finish.mutate(undefined, { onError: () => (finishing.current = false) });
      }}
      finishing={finish.isPending}
      finishError={finish.error && !isSessionGone(finish.error) ? describeError(finish.error, navigator.onLine).message : null}
    />
  );
}
