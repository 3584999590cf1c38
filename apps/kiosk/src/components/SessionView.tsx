import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useI18n } from '../i18n';
import { clockOffsetMs } from '../lib/countdown';
import { nameToCall } from '../lib/greeting';
import { describeError, isForceEnded, isSessionGone } from '../lib/friendly-error';
import { throttle } from '../lib/idle-timer';
import { endedBecause, type EndedInfo } from '../lib/ended';
import { saysGoodbye, viewForState } from '../lib/session-view';
import { useAction } from '../hooks/useAction';
import { useIdleLock } from '../hooks/useIdleLock';
import { useKioskSession } from '../hooks/useKioskSession';
import { kioskApi, type KioskSession, type Redeemed } from '../kiosk-api';
import { LockScreen } from './LockScreen';
import { ProblemScreen } from './ProblemScreen';
import { SessionScreen } from './SessionScreen';
import { StartingScreen } from './StartingScreen';
import 'messages:session';

/** `kiosk.touch` on activity at most this often: enough for the server to know the tablet is in use. */
export const TOUCH_EVERY_MS = 30_000;

/**
 * A live session: follows it (see useKioskSession), locks when idle, and reports the end to
 * `onEnded` (with null for a forced end: no goodbye). `seed` is what the tablet already knows: the whole session after a relaunch, or the
 * redeem's answer (name and end time), which is shown at once while the rest is read.
 */
export function SessionView({ seed, onEnded }: { seed: KioskSession | Redeemed; onEnded: (ended: EndedInfo | null) => void }) {
  const { t } = useI18n();
  const me = useKioskSession('state' in seed ? seed : null);
  const session = me.session;
  // The name the goodbye uses (a guest's is a word for their age, see nameToCall).
  const lastName = useRef<string>(nameToCall(seed.learnerName, seed.guestAgeBand));
  if (session) lastName.current = nameToCall(session.learnerName, session.guestAgeBand);

  const endedOnce = useRef(false);
  // Set when the learner confirms "I'm done": the stream may report `ending` before the answer does.
  const finishing = useRef(false);
  // `null`: a forced end, no goodbye (see saysGoodbye).
  const end = useCallback(
    (because: EndedInfo['because'] | null) => {
      if (endedOnce.current) return;
      endedOnce.current = true;
      if (because === null) return onEnded(null);
      onEnded({ because: finishing.current && because === 'ended' ? 'finished' : because, learnerName: lastName.current });
    },
    [onEnded],
  );

  // A refusal says whether the end was forced: learned by a poll or a tap, it skips the goodbye as the stream's does.
  const endGone = useCallback((err: unknown) => end(isForceEnded(err) ? null : 'ended'), [end]);
  const gone = me.error !== null && isSessionGone(me.error);
  useEffect(() => {
    if (session && viewForState(session.state) === 'over') end(saysGoodbye(session) ? endedBecause(session.state) : null);
    else if (gone) endGone(me.error);
  }, [session, gone, end, endGone, me.error]);

  const endIfGone = (err: unknown) => {
    if (isSessionGone(err)) endGone(err);
  };
  const touch = useAction(kioskApi.touch, { onSuccess: me.accept, onError: endIfGone });
  const finish = useAction(kioskApi.finish, { onSuccess: () => end('finished'), onError: endIfGone });

  const touchRef = useRef(touch.run);
  touchRef.current = touch.run;
  const lockedRef = useRef(false);
  const touchSoon = useMemo(() => throttle(() => void touchRef.current(), TOUCH_EVERY_MS), []);
  const { idle, resume } = useIdleLock(session?.idleLockMin ?? 0, () => {
    if (!lockedRef.current) touchSoon();
  });
  const locked = idle || session?.state === 'locked';
  lockedRef.current = locked;

  // Until the first read answers, the redeem's answer is enough for the greeting and the countdown.
  const shown = session ?? (me.pending ? seed : null);
  if (!shown) {
    if (gone) return <StartingScreen message={t('session.finishing')} />;
    return <ProblemScreen problem={describeError(me.error, navigator.onLine)} onRetry={() => void me.refetch()} busy={me.fetching} />;
  }

  if (locked) {
    return (
      <LockScreen
        learnerName={nameToCall(shown.learnerName, shown.guestAgeBand)}
        busy={touch.pending}
        error={touch.error && !isSessionGone(touch.error) ? describeError(touch.error, navigator.onLine).title : null}
        onContinue={() => void touch.run({ onSuccess: resume })}
      />
    );
  }
  return (
    <SessionScreen
      learnerName={shown.learnerName}
      guestAgeBand={shown.guestAgeBand}
      sessionExpiresAt={shown.sessionExpiresAt}
      clockOffsetMs={session ? clockOffsetMs(session.serverTime, me.receivedAt) : 0}
      onTimeUp={() => end('expired')}
      onFinish={() => {
        finishing.current = true;
        void finish.run({ onError: () => (finishing.current = false) });
      }}
      finishing={finish.pending}
      finishError={finish.error && !isSessionGone(finish.error) ? describeError(finish.error, navigator.onLine).message : null}
    />
  );
}
