import type { KioskDeviceEvent } from '@perch/shared';
import type { Services } from '../context';
import { follow } from '../test/follow';
import { fakeClient, type FakeClient } from '../test/harness';

/**
 * An enrolled tablet with its event stream open (so it is online), and what the stream says. Its
 * stream closes with `close()`, or with `streams` (abort them all when the suite ends).
 */
export async function onlineTablet(services: Services, admin: FakeClient, streams: AbortController[]) {
  const { code } = await admin.caller.tablets.createEnrollment();
  const client = fakeClient(services);
  const { tablet } = await client.caller.kiosk.enroll({ code });
  const controller = new AbortController();
  streams.push(controller);
  const stream = fakeClient(services, { signal: controller.signal });
  Object.assign(stream.cookies, client.cookies);
  const feed = follow<KioskDeviceEvent>(await stream.caller.kiosk.deviceEvents());
  await feed.waitFor((e) => e.kind === 'tablet');
  return { client, tablet: tablet!, feed, close: () => controller.abort() };
}
