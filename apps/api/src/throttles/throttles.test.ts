import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`throttles you can see and clear (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    beforeAll(async () => {
      services = await createTestServices(dialect, {
        RATE_LIMIT_SESSION_START_PER_MIN: '1000',
        REDEEM_FAILURES_PER_IP: '3',
        REDEEM_FAILURES_GLOBAL_PER_MIN: '5',
      });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    const wrong = (client: ReturnType<typeof fakeClient>, code = 'ZZZZ-ZZZZ') => client.caller.kiosk.redeem({ code }).catch((e: { reason?: string }) => e.reason);
    const mint = async () => admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
    const unblocks = async () =>
      (await services.db.selectFrom('audit_log').select(['detail', 'actor_label']).where('action', '=', 'throttle.unblock').execute()).map((r) => ({
        ...JSON.parse(r.detail),
        by: r.actor_label,
      }));

    it('shows an address that is refused, with the time left, and unblocks it (audited)', async () => {
      await expect(fakeClient(services).caller.throttles.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      expect(await admin.caller.throttles.list()).toEqual([]);
      const school = fakeClient(services, { ip: '203.0.113.9' });
      for (let i = 0; i < 3; i++) expect(await wrong(school)).toBe('CODE_UNKNOWN');
      const [shown] = await admin.caller.throttles.list();
      expect(shown).toMatchObject({ kind: 'address', id: '203.0.113.9', label: '203.0.113.9', failures: 3, max: 3 });
      expect(shown!.retryAfterSec).toBeGreaterThan(500);
      const minted = await mint();
      expect(await wrong(school, minted.redemptionCode)).toBe('RATE_LIMITED');
      await admin.caller.throttles.unblock({ kind: 'address', id: '203.0.113.9' });
      expect(await admin.caller.throttles.list()).toEqual([]);
      await expect(school.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toBeTruthy();
      expect(await unblocks()).toContainEqual({ kind: 'address', who: '203.0.113.9', by: 'teacher@example.org' });
    });

    it('shows the global ceiling and a throttled tablet by name, and clears each', async () => {
      for (let i = 0; i < 2; i++) await wrong(fakeClient(services, { ip: `198.51.100.${i + 1}` }));
      const global = (await admin.caller.throttles.list()).find((t) => t.kind === 'global');
      expect(global).toMatchObject({ label: 'Everyone', failures: 5, max: 5 });
      await admin.caller.throttles.unblock({ kind: 'global', id: null });
      expect((await admin.caller.throttles.list()).some((t) => t.kind === 'global')).toBe(false);

      await admin.caller.tablets.setRedeemMode({ mode: 'enrolled' });
      const { code } = await admin.caller.tablets.createEnrollment();
      const tablet = fakeClient(services, { ip: '203.0.113.30' });
      const { tablet: identity } = await tablet.caller.kiosk.enroll({ code });
      for (let i = 0; i < RATE_LIMITS.redeemFailuresPerTablet.max; i++) expect(await wrong(tablet)).toBe('CODE_UNKNOWN');
      const listed = (await admin.caller.throttles.list()).find((t) => t.kind === 'tablet');
      expect(listed).toMatchObject({ id: identity!.id, label: identity!.name, failures: RATE_LIMITS.redeemFailuresPerTablet.max });
      await admin.caller.throttles.unblock({ kind: 'tablet', id: identity!.id });
      const minted = await mint();
      await expect(tablet.caller.kiosk.redeem({ code: minted.redemptionCode })).resolves.toBeTruthy();
      await expect(admin.caller.throttles.unblock({ kind: 'tablet', id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(admin.caller.throttles.unblock({ kind: 'address', id: 'DROP TABLE' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await admin.caller.tablets.setRedeemMode({ mode: 'open' });
    });
  });
}
