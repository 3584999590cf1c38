import { useEffect, useRef, useState } from 'react';
import type { RedeemMode, TabletIdentity } from '@perch/shared';
import type { KioskMsg } from '../i18n';

export type DeviceState =
  | { kind: 'checking' }
  | { kind: 'enrolling' }
  | { kind: 'tablet'; tablet: TabletIdentity }
  /**
   * Not an enrolled tablet; `notice` says why when it just stopped being one or could not enroll.
   * `redeemMode` is null when Perch could not be asked.
   */
  | { kind: 'none'; notice: KioskMsg | null; redeemMode: RedeemMode | null };

/**
 * Which enrolled tablet this is. With an enrollment code from the launch link it enrolls first;
 * otherwise it asks. While it is a tablet it follows its own stream: a rename shows at once, a
 * session an admin sends is handed to `onSessionSent`, and retirement returns it to being no tablet.
 * The work (and its tRPC client) loads beside the first screen, not in it: see follow-device.ts.
 */
export function useDevice(
  launchEnrollCode: string | null,
  onSessionSent: (sessionId: string) => void = () => {},
): { device: DeviceState; enroll: (code: string) => void } {
  const sentRef = useRef(onSessionSent);
  sentRef.current = onSessionSent;
  // The code to enroll with: the launch link's, or one typed on the enrollment screen (each try anew).
  const [attempt, setAttempt] = useState({ code: launchEnrollCode, n: 0 });
  const [state, setState] = useState<DeviceState>(launchEnrollCode ? { kind: 'enrolling' } : { kind: 'checking' });

  useEffect(() => {
    let active = true;
    let stop = () => {};
    void import('./follow-device').then(({ followDevice }) => {
      if (active) stop = followDevice(attempt.code, setState, (sessionId) => sentRef.current(sessionId));
    });
    return () => {
      active = false;
      stop();
    };
  }, [attempt]);

  return { device: state, enroll: (code) => setAttempt((a) => ({ code, n: a.n + 1 })) };
}
