import type { RedeemMode, TabletIdentity } from '@perch/shared';
import type { KioskMsg } from '../i18n';
import { deviceClient } from './device-client';
import type { DeviceState } from './useDevice';
import 'messages:device';

const RETIRED: KioskMsg = { id: 'device.retired' };

/** Why enrolling failed: the server's own sentence (the kiosk has no words of its own for these), or unreachable. */
function messageOf(err: unknown): KioskMsg {
  return err instanceof Error && err.message ? { id: 'device.serverSays', values: { message: err.message } } : { id: 'device.unreachable' };
}

/**
 * Finds out which enrolled tablet this is (enrolling first with `enrollCode`), then follows its own
 * stream (which also tells Perch it is online): renames, sessions an admin sends, retirement.
 * Loaded on demand with the tablet's tRPC client (see useDevice). Returns a function that stops.
 */
export function followDevice(
  enrollCode: string | null,
  set: (state: DeviceState) => void,
  onSessionSent: (sessionId: string) => void,
): () => void {
  let active = true;
  let unsubscribe = () => {};
  const update = (next: DeviceState) => active && set(next);
  void (async () => {
    let answer: { tablet: TabletIdentity | null; redeemMode: RedeemMode };
    try {
      answer = enrollCode ? await deviceClient.kiosk.enroll.mutate({ code: enrollCode }) : await deviceClient.kiosk.device.query();
    } catch (err) {
      const notice = enrollCode ? messageOf(err) : null;
      // Could not enroll: still say whether this browser may redeem without being a tablet.
      const mode = enrollCode ? await deviceClient.kiosk.device.query().then((d) => d.redeemMode, () => null) : null;
      update({ kind: 'none', notice, redeemMode: mode });
      return;
    }
    const { tablet, redeemMode } = answer;
    if (!tablet) return update({ kind: 'none', notice: null, redeemMode });
    update({ kind: 'tablet', tablet });
    if (!active) return;
    const subscription = deviceClient.kiosk.deviceEvents.subscribe(undefined, {
      onData: (event) => {
        if (event.kind === 'tablet') update({ kind: 'tablet', tablet: event.tablet });
        else if (event.kind === 'session') onSessionSent(event.sessionId);
        else update({ kind: 'none', notice: RETIRED, redeemMode });
      },
      onError: (err) => {
        if ((err.data as { reason?: string } | undefined)?.reason === 'NOT_ENROLLED') update({ kind: 'none', notice: RETIRED, redeemMode });
      },
    });
    unsubscribe = () => subscription.unsubscribe();
  })();
  return () => {
    active = false;
    unsubscribe();
  };
}

/**
 * Opens a session an admin sent to this tablet (kiosk.claim): the answer sets the HttpOnly session
 * cookie, exactly as a redeemed code would. False when it is no longer waiting (another send, lapsed).
 */
export function claimSentSession(sessionId: string): Promise<boolean> {
  return deviceClient.kiosk.claim.mutate({ sessionId }).then(
    () => true,
    () => false,
  );
}
