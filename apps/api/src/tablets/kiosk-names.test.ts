import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_COOKIE, RESILIENCE, type KioskSession } from '@perch/shared';
import { DIALECTS, TEST_REDIS_URL, createTestServices, fakeClient, signedInAdmin, type FakeClient, type TestServices } from '../test/harness';
import { follow } from '../test/follow';
import { addLearner } from '../sessions/test-fixtures';
import { SETTINGS_CACHE_MAX_AGE_MS } from '../platform/settings-cache';
import { twoInstancesSuite } from '../agents/test-agent';
import type { Services } from '../context';
import { firstNameOf } from './kiosk-names';
import { onlineTablet } from './test-tablet';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

/** A learner's session minted by `admin` and redeemed on a new tablet of `services`. */
async function redeemedAs(services: Services, admin: FakeClient, name: string) {
  const learner = await addLearner(services, { name });
  const minted = await admin.caller.sessions.start({ learnerId: learner.id });
  const kiosk = fakeClient(services);
  const answer = await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
  return { minted, kiosk, answer };
}

/** The kiosk's own event stream, read in the background; aborted with `streams`. */
async function watch(services: Services, kiosk: FakeClient, streams: AbortController[]) {
  const controller = new AbortController();
  streams.push(controller);
  const stream = fakeClient(services, { signal: controller.signal });
  Object.assign(stream.cookies, kiosk.cookies);
  return follow<KioskSession>(await stream.caller.kiosk.events());
}

const auditDetails = async (services: Services) =>
  (await services.db.selectFrom('audit_log').select(['detail', 'actor_type']).where('action', '=', 'tablet.kiosk_names').orderBy('id').execute()).map(
    (e) => ({ actor: e.actor_type, ...JSON.parse(e.detail) }),
  );

describe('firstNameOf', () => {
  it('takes the first word, trimmed, at any run of white space, and keeps a hyphenated first name whole', () => {
    expect(firstNameOf('Maya Okafor')).toBe('Maya');
    expect(firstNameOf('  Maya   Okafor  ')).toBe('Maya');
    expect(firstNameOf('Maya\tOkafor')).toBe('Maya');
    expect(firstNameOf('Anne-Marie de la Cruz')).toBe('Anne-Marie');
    expect(firstNameOf('Kofi')).toBe('Kofi');
    expect(firstNameOf('Зоя Иванова')).toBe('Зоя');
    expect(firstNameOf('محمد علي')).toBe('محمد');
    expect(firstNameOf('山田\u3000太郎')).toBe('山田');
    expect(firstNameOf('王小明')).toBe('王小明');
  });
});

for (const dialect of DIALECTS) {
  describe(`names on tablets (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    const streams: AbortController[] = [];
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(async () => {
      for (const s of streams) s.abort();
      await services.close();
    });
    const setFirstNames = (on: boolean) => admin.caller.tablets.setKioskNames({ firstNamesOnly: on });

    it('shows whole names until an admin turns first names on, only an admin may, audited with before and after', async () => {
      await expect(admin.caller.tablets.kioskNames()).resolves.toEqual({ firstNamesOnly: false });
      const maya = await redeemedAs(services, admin, 'Maya Okafor');
      expect(maya.answer.learnerName).toBe('Maya Okafor');
      await expect(maya.kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya Okafor' });

      await expect(fakeClient(services).caller.tablets.setKioskNames({ firstNamesOnly: true })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(maya.kiosk.caller.tablets.kioskNames()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      // @ts-expect-error not a boolean
      await expect(admin.caller.tablets.setKioskNames({ firstNamesOnly: 'yes' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(maya.kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya Okafor' });
      expect(await auditDetails(services)).toEqual([]);

      await expect(setFirstNames(true)).resolves.toEqual({ firstNamesOnly: true });
      await expect(admin.caller.tablets.kioskNames()).resolves.toEqual({ firstNamesOnly: true });
      // The tablet already in session, at its next read or touch, and a new redeem.
      await expect(maya.kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya' });
      await expect(maya.kiosk.caller.kiosk.touch()).resolves.toMatchObject({ learnerName: 'Maya' });
      const anne = await redeemedAs(services, admin, '  Anne-Marie   de la Cruz ');
      expect(anne.answer.learnerName).toBe('Anne-Marie');
      // What admins see is untouched.
      const [live] = (await admin.caller.sessions.list({ states: ['active'] })).filter((s) => s.id === maya.minted.sessionId);
      expect(live?.learnerName).toBe('Maya Okafor');

      await setFirstNames(false);
      await expect(maya.kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya Okafor' });
      await expect(maya.kiosk.caller.kiosk.finish()).resolves.toMatchObject({ learnerName: 'Maya Okafor', state: 'ending' });
      expect(await auditDetails(services)).toEqual([
        { actor: 'admin', from: false, to: true },
        { actor: 'admin', from: true, to: false },
      ]);
    });

    it('renames a tablet in session on its open stream when the setting changes, without a reload', async () => {
      const { kiosk } = await redeemedAs(services, admin, 'Kofi Mensah');
      const feed = await watch(services, kiosk, streams);
      await feed.waitFor((s) => s.learnerName === 'Kofi Mensah');
      await setFirstNames(true);
      await feed.waitFor((s) => s.learnerName === 'Kofi');
      await setFirstNames(false);
      await feed.waitFor((s) => s.learnerName === 'Kofi Mensah' && feed.received.length >= 3);
      // Another setting's change is none of the stream's business: it sends nothing for it.
      await admin.caller.tablets.setRedeemMode({ mode: 'open' });
      await setFirstNames(true);
      await feed.waitFor((s) => s.learnerName === 'Kofi' && feed.received.length >= 4);
      expect(feed.received.map((r) => r.item.learnerName)).toEqual(['Kofi Mensah', 'Kofi', 'Kofi Mensah', 'Kofi']);
      expect(new Set(feed.received.map((r) => r.item.state))).toEqual(new Set(['active']));
      await setFirstNames(false);
      // A closed stream no longer watches the setting.
      expect(services.settings.watching()).toBe(1);
      streams.at(-1)!.abort();
      await feed.done;
      expect(services.settings.watching()).toBe(0);
    });

    it('applies to a session sent to a tablet and to a recovered redeem, never to a guest', async () => {
      await setFirstNames(true);
      const tablet = await onlineTablet(services, admin, streams);
      const sent = await admin.caller.tablets.send({ learnerId: (await addLearner(services, { name: 'Ama Owusu' })).id, tabletId: tablet.tablet.id });
      expect(sent.learnerName).toBe('Ama Owusu');
      await expect(tablet.client.caller.kiosk.claim({ sessionId: sent.sessionId })).resolves.toMatchObject({ learnerName: 'Ama' });
      await expect(tablet.client.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Ama' });

      const guest = await admin.caller.sessions.startGuest({ ageBand: '10-13' });
      const guestKiosk = fakeClient(services, { ip: '198.51.100.20' });
      const greeted = await guestKiosk.caller.kiosk.redeem({ code: guest.redemptionCode });
      expect(greeted.learnerName).toMatch(/^Guest .+/);
      await expect(guestKiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: greeted.learnerName });

      // The redeem's answer (and cookie) was lost; the same tablet redeems the code again.
      const lost = await redeemedAs(services, admin, 'Ada Lovelace');
      delete lost.kiosk.cookies[KIOSK_COOKIE];
      services.advance(RESILIENCE.redeemRecoveryMinAgeMs + 1_000);
      await expect(lost.kiosk.caller.kiosk.redeem({ code: lost.minted.redemptionCode })).resolves.toMatchObject({ learnerName: 'Ada' });
      await setFirstNames(false);
    });

    it('answers kiosk.me from memory, not the database: a row changed behind Perch’s back counts only once the copy is old', async () => {
      await setFirstNames(true);
      const { kiosk } = await redeemedAs(services, admin, 'Lena Weber');
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Lena' });
      await services.db.updateTable('settings').set({ value: 'false' }).where('key', '=', 'kiosk_first_names').execute();
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Lena' });
      services.advance(SETTINGS_CACHE_MAX_AGE_MS);
      await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Lena Weber' });
    });
  });
}

// Each instance holds the setting in memory; a change on one reaches the other through Redis.
describe('names on tablets across two instances (postgres, Redis)', () => {
  const t = twoInstancesSuite('postgres', { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
  const streams: AbortController[] = [];
  afterAll(() => streams.forEach((s) => s.abort()));

  it('a change made on one instance reaches the tablets of the other, on their open stream and their next read', async () => {
    const { kiosk } = await redeemedAs(t.b, t.adminOnB, 'Maya Okafor');
    // B now holds "whole names" in memory.
    await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya Okafor' });
    const feed = await watch(t.b, kiosk, streams);
    await feed.waitFor((s) => s.learnerName === 'Maya Okafor');

    await t.adminOnA.caller.tablets.setKioskNames({ firstNamesOnly: true });
    await feed.waitFor((s) => s.learnerName === 'Maya');
    await expect(kiosk.caller.kiosk.me()).resolves.toMatchObject({ learnerName: 'Maya' });
    await expect(t.adminOnB.caller.tablets.kioskNames()).resolves.toEqual({ firstNamesOnly: true });
    const next = await redeemedAs(t.b, t.adminOnB, 'Kofi Mensah');
    expect(next.answer.learnerName).toBe('Kofi');

    await t.adminOnB.caller.tablets.setKioskNames({ firstNamesOnly: false });
    await feed.waitFor((s) => s.learnerName === 'Maya Okafor' && feed.received.length >= 3);
    const onA = await redeemedAs(t.a, t.adminOnA, 'Ama Owusu');
    expect(onA.answer.learnerName).toBe('Ama Owusu');
  });
});
