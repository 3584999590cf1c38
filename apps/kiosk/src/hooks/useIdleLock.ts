import { useCallback, useEffect, useRef, useState } from 'react';
import { IdleTimer } from '../lib/idle-timer';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks after `idleLockMin` minutes without a tap or key press (0 turns it off). Every input also
 * calls `onActivity`, which the caller throttles into `kiosk.touch`. `resume()` unlocks and restarts.
 */
export function useIdleLock(idleLockMin: number, onActivity: () => void) {
  const [idle, setIdle] = useState(false);
  const timer = useRef<IdleTimer | null>(null);
  const activityRef = useRef(onActivity);
  activityRef.current = onActivity;

  useEffect(() => {
    if (idleLockMin <= 0) return;
    const t = new IdleTimer(idleLockMin * 60_000, () => setIdle(true));
    timer.current = t;
    t.start();
    return () => {
      t.stop();
      timer.current = null;
    };
  }, [idleLockMin]);

  useEffect(() => {
    const onInput = () => {
      timer.current?.activity();
      activityRef.current();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onInput, { passive: true, capture: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onInput, { capture: true });
    };
  }, []);

  const resume = useCallback(() => {
    setIdle(false);
    timer.current?.start();
  }, []);

  return { idle, resume };
}
