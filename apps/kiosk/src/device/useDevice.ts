import { useEffect, useRef, useState } from 'react';
import type { RedeemMode, TabletIdentity } from '@perch/shared';
import { serverSays, type KioskMsg } from '../i18n';

export type DeviceState =
  | { kind: 'checking' }
  | { kind: 'enrolling' }
  | { kind: 'tablet'; tablet: TabletIdentity }
  /**
   * Not an enrolled tablet; `notice` says why when it just stopped being one or could not enroll.
   * `redeemMode` is null when Perch could not be asked.
   */
  | { kind: 'none'; notice: KioskMsg | null; redeemMode: RedeemMode | null };

const RETIRED: KioskMsg = { id: 'tablet.retired' };

/** Why enrolling failed: the server's own sentence (the kiosk has no words of its own for these), or unreachable. */
function messageOf(err: unknown): KioskMsg {
  return err instanceof Error && err.message ? serverSays(err.message) : { id: 'tablet.unreachable' };
}

/**
 * Which enrolled tablet this is. With an enrollment code from the launch link it enrolls first;
 * otherwise it asks. While it is a tablet it follows its own stream (which also tells Perch it is
 * online): a rename shows at once, a session an admin sends is handed to `onSessionSent`, and
 * retirement returns it to being no tablet.
 */
export function useDevice(
  launchEnrollCode: string | null,
  onSessionSent: (sessionId: string) => void = () => {},
): { device: DeviceState; enroll: (code: string) => void } {
  const sentRef = useRef(onSessionSent);
  sentRef.current = onSessionSent;
  // The code to enroll with: the launch link's, or one typed on the enrollment screen (each try anew).
  const [attempt, setAttempt] = useState({ code: launchEnrollCode, n: 0 });
  const enrollCode = attempt.code;
  const [state, setState] = useState<DeviceState>(launchEnrollCode ? { kind: 'enrolling' } : { kind: 'checking' });

  useEffect(() => {
    let active = true;
    let unsubscribe = () => {};
    const set = (next: DeviceState) => active && setState(next);
    void (async () => {
      const { deviceClient } = await import('./device-client');
      let answer: { tablet: TabletIdentity | null; redeemMode: RedeemMode };
      try {
        answer = enrollCode ? await deviceClient.kiosk.enroll.mutate({ code: enrollCode }) : await deviceClient.kiosk.device.query();
      } catch (err) {
        const notice = enrollCode ? messageOf(err) : null;
        // Could not enroll: still say whether this browser may redeem without being a tablet.
        const mode = enrollCode ? await deviceClient.kiosk.device.query().then((d) => d.redeemMode, () => null) : null;
        set({ kind: 'none', notice, redeemMode: mode });
        return;
      }
      const { tablet, redeemMode } = answer;
      if (!tablet) return set({ kind: 'none', notice: null, redeemMode });
      set({ kind: 'tablet', tablet });
      if (!active) return;
      const subscription = deviceClient.kiosk.deviceEvents.subscribe(undefined, {
        onData: (event) => {
          if (event.kind === 'tablet') set({ kind: 'tablet', tablet: event.tablet });
          else if (event.kind === 'session') sentRef.current(event.sessionId);
          else set({ kind: 'none', notice: RETIRED, redeemMode });
        },
        onError: (err) => {
          if ((err.data as { reason?: string } | undefined)?.reason === 'NOT_ENROLLED') set({ kind: 'none', notice: RETIRED, redeemMode });
        },
      });
      unsubscribe = () => subscription.unsubscribe();
    })();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [enrollCode, attempt.n]);

  return { device: state, enroll: (code) => setAttempt((a) => ({ code, n: a.n + 1 })) };
}
