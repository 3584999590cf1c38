import { useCallback, useEffect, useRef, useState } from 'react';
import { IdleTimer } from '../lib/idle-timer';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks after `idleLockMin` minutes without a tap or key press (0 turns it off). Every input also
 * calls `onActivity`, which the caller throttles into `kiosk.touch`. `resume()` unlocks and restarts.
 * Quiet time counts from the first render or the last input, even when `idleLockMin` arrives later
 * (the session screen shows before the server has said how long its idle lock is).
 */
export function useIdleLock(idleLockMin: number, onActivity: () => void) {
  const [idle, setIdle] = useState(false);
  const timer = useRef<IdleTimer | null>(null);
  const activityRef = useRef(onActivity);
  activityRef.current = onActivity;
  const lastInput = useRef<number | null>(null);
  lastInput.current ??= Date.now();

  useEffect(() => {
    if (idleLockMin <= 0) return;
    const t = new IdleTimer(idleLockMin * 60_000, () => setIdle(true));
    timer.current = t;
    t.start(lastInput.current ?? undefined);
    return () => {
      t.stop();
      timer.current = null;
    };
  }, [idleLockMin]);

  useEffect(() => {
    const onInput = () => {
      lastInput.current = Date.now();
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
