import { useEffect, useState } from 'react';
import type { TabletIdentity } from '@perch/shared';

export type DeviceState =
  | { kind: 'checking' }
  | { kind: 'enrolling' }
  | { kind: 'tablet'; tablet: TabletIdentity }
  /** Not an enrolled tablet; `notice` says why when it just stopped being one or could not enroll. */
  | { kind: 'none'; notice: string | null };

const RETIRED = 'This tablet was retired. Ask a teacher to add it again on the Tablets page.';

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Perch could not be reached. Check the connection and reload.';
}

/**
 * Which enrolled tablet this is. With an enrollment code from the launch link it enrolls first;
 * otherwise it asks. While it is a tablet it follows its own stream (which also tells Perch it is
 * online): a rename shows at once, and retirement returns it to being no tablet.
 */
export function useDevice(launchEnrollCode: string | null): DeviceState {
  const [state, setState] = useState<DeviceState>(launchEnrollCode ? { kind: 'enrolling' } : { kind: 'checking' });

  useEffect(() => {
    let active = true;
    let unsubscribe = () => {};
    const set = (next: DeviceState) => active && setState(next);
    void (async () => {
      const { deviceClient } = await import('./device-client');
      let tablet: TabletIdentity | null = null;
      try {
        tablet = launchEnrollCode
          ? (await deviceClient.kiosk.enroll.mutate({ code: launchEnrollCode })).tablet
          : (await deviceClient.kiosk.device.query()).tablet;
      } catch (err) {
        set({ kind: 'none', notice: launchEnrollCode ? messageOf(err) : null });
        return;
      }
      if (!tablet) return set({ kind: 'none', notice: null });
      set({ kind: 'tablet', tablet });
      if (!active) return;
      const subscription = deviceClient.kiosk.deviceEvents.subscribe(undefined, {
        onData: (event) => {
          if (event.kind === 'tablet') set({ kind: 'tablet', tablet: event.tablet });
          else set({ kind: 'none', notice: RETIRED });
        },
        onError: (err) => {
          if ((err.data as { reason?: string } | undefined)?.reason === 'NOT_ENROLLED') set({ kind: 'none', notice: RETIRED });
        },
      });
      unsubscribe = () => subscription.unsubscribe();
    })();
    return () => {
      active = false;
      unsubscribe();
    };
  }, [launchEnrollCode]);

  return state;
}
