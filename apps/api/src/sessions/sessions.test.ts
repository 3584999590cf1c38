import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_TTL_MS, KIOSK_COOKIE, normalizeCode } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, type TestServices } from '../test/harness';
import { addLearner } from './test-fixtures';

type Admin = Awaited<ReturnType<typeof signedInAdmin>>;

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let services: TestServices;
    let admin: Admin;
    beforeAll(async () => {
      services = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      admin = await signedInAdmin(services);
    });
    afterAll(() => services.close());

    const stateOf = async (id: string) =>
      (await services.db.selectFrom('sessions').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
    const redeem = (code: string, ip = '198.51.100.1') => fakeClient(services, { ip }).caller.kiosk.redeem({ code });

    it('refuses to mint for someone who is not signed in as an admin', async () => {
      const learner = await addLearner(services);
      await expect(fakeClient(services).caller.sessions.start({ learnerId: learner.id })).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
      expect(await services.db.selectFrom('sessions').select('id').where('learner_id', '=', learner.id).execute()).toEqual([]);
    });

    it('mints a pending session with a code and link but no token', async () => {
      const learner = await addLearner(services, { name: 'Ada' });
      const before = services.now();
      const minted = await admin.caller.sessions.start({ learnerId: learner.id, durationMin: 45 });
      expect(Object.keys(minted).sort()).toEqual(
        ['batchId', 'codeExpiresAt', 'durationMin', 'learnerName', 'redeemUrl', 'redemptionCode', 'sessionId'].sort(),
      );
      expect(minted.learnerName).toBe('Ada');
      expect(minted.redemptionCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(minted.redeemUrl).toBe(`http://localhost:3000/kiosk/#code=${minted.redemptionCode}`);
      expect(Date.parse(minted.codeExpiresAt) - before).toBeGreaterThanOrEqual(CODE_TTL_MS);
      expect(Date.parse(minted.codeExpiresAt) - before).toBeLessThan(CODE_TTL_MS + 5_000);
      expect(minted.durationMin).toBe(45);
      expect(minted.batchId).toBeNull();
      expect(JSON.stringify(minted)).not.toMatch(/token/i);
      expect(await stateOf(minted.sessionId)).toBe('pending');
    });

    it('stores neither the code nor the cookie token anywhere in sessions or the audit log', async () => {
      const learner = await addLearner(services);
      const minted = await admin.caller.sessions.start({ learnerId: learner.id });
      const kiosk = fakeClient(services, { ip: '198.51.100.2' });
      await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      const token = kiosk.cookies[KIOSK_COOKIE]!;
      expect(token).toMatch(/^[\w-]{43}$/);
      const canonical = normalizeCode(minted.redemptionCode)!;
      const everything = JSON.stringify([
        await services.db.selectFrom('sessions').selectAll().execute(),
        await services.db.selectFrom('audit_log').selectAll().execute(),
      ]);
      for (const secret of [canonical, minted.redemptionCode, token]) expect(everything).not.toContain(secret);
    });

    it('refuses an unknown learner with NOT_FOUND and an archived one with CONFLICT', async () => {
      await expect(
        admin.caller.sessions.start({ learnerId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'That learner was not found.' });
      const archived = await addLearner(services, { name: 'Grace', archived: true });
      await expect(admin.caller.sessions.start({ learnerId: archived.id })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Grace is archived, so no session can be started for them.',
      });
    });

    it('explains bad input instead of failing', async () => {
      const learner = await addLearner(services);
      await expect(admin.caller.sessions.start({ learnerId: learner.id, durationMin: 1 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(admin.caller.sessions.start({ learnerId: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('starts a class in one batch with a label, one session per learner', async () => {
      const learners = await Promise.all([1, 2, 3].map((i) => addLearner(services, { name: `Pupil ${i}` })));
      const bulk = await admin.caller.sessions.startBulk({ learnerIds: learners.map((l) => l.id), label: ' Room 4 ' });
      expect(bulk.label).toBe('Room 4');
      expect(bulk.sessions.map((s) => s.learnerName)).toEqual(['Pupil 1', 'Pupil 2', 'Pupil 3']);
      expect(new Set(bulk.sessions.map((s) => s.redemptionCode)).size).toBe(3);
      for (const s of bulk.sessions) expect(s.batchId).toBe(bulk.batchId);
      const listed = await admin.caller.sessions.list({ batchId: bulk.batchId });
      expect(listed).toHaveLength(3);
      for (const s of listed) expect(s.batchLabel).toBe('Room 4');
    });

    it('starts nobody when one learner of a class is unknown or archived', async () => {
      const count = async () => (await services.db.selectFrom('sessions').select('id').execute()).length;
      const batches = async () => (await services.db.selectFrom('batches').select('id').execute()).length;
      const [sessionsBefore, batchesBefore] = [await count(), await batches()];
      const good = await addLearner(services);
      const archived = await addLearner(services, { name: 'Archie', archived: true });
      await expect(
        admin.caller.sessions.startBulk({ learnerIds: [good.id, '00000000-0000-4000-8000-000000000000'] }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/1 of the chosen learners was not found/) });
      await expect(admin.caller.sessions.startBulk({ learnerIds: [good.id, archived.id] })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/^Archie is archived/),
      });
      expect(await count()).toBe(sessionsBefore);
      expect(await batches()).toBe(batchesBefore);
    });

    it('starts a guest session with no learner record, capped at 30 minutes', async () => {
      const guest = await admin.caller.sessions.startGuest({ ageBand: '10-13' });
      expect(guest.learnerName).toBe('Guest (10-13)');
      const [summary] = (await admin.caller.sessions.list()).filter((s) => s.id === guest.sessionId);
      expect(summary).toMatchObject({ learnerId: null, guestAgeBand: '10-13', durationMin: 30 });
      await expect(admin.caller.sessions.startGuest({ ageBand: '5-9', durationMin: 45 })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        // A caller sees zod's raw issues; over HTTP the error formatter turns them into this sentence.
        message: expect.stringContaining('A guest session lasts at most 30 minutes.'),
      });
      const audit = await services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('session_id', '=', guest.sessionId)
        .executeTakeFirstOrThrow();
      expect(audit.action).toBe('session.start_guest');
      expect(JSON.stringify(audit)).not.toContain('Guest (10-13)');
    });

    it('lists newest first, filtered by state, with the redeeming device', async () => {
      const learner = await addLearner(services);
      const first = await admin.caller.sessions.start({ learnerId: learner.id });
      services.advance(1);
      const second = await admin.caller.sessions.start({ learnerId: learner.id, onExisting: 'keep' });
      await fakeClient(services, { userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Safari/537.36' }).caller.kiosk.redeem({
        code: second.redemptionCode,
      });
      const all = await admin.caller.sessions.list();
      expect(all.findIndex((s) => s.id === second.sessionId)).toBeLessThan(all.findIndex((s) => s.id === first.sessionId));
      const active = await admin.caller.sessions.list({ states: ['active'] });
      expect(active.map((s) => s.id)).toContain(second.sessionId);
      expect(active.map((s) => s.id)).not.toContain(first.sessionId);
      expect(active.find((s) => s.id === second.sessionId)?.device).toBe('Chrome on Android');
      expect(JSON.stringify(all)).not.toMatch(/hash/);
    });

    it('ends a running session gracefully: ending now, and the audit says who', async () => {
      const learner = await addLearner(services);
      const minted = await admin.caller.sessions.start({ learnerId: learner.id });
      await redeem(minted.redemptionCode);
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      expect(await stateOf(minted.sessionId)).toBe('ending');
      await expect(admin.caller.sessions.end({ sessionId: minted.sessionId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'This session is already ending.',
      });
      const audit = await services.db
        .selectFrom('audit_log')
        .selectAll()
        .where('session_id', '=', minted.sessionId)
        .where('action', '=', 'session.end')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ actor_type: 'admin', actor_label: 'teacher@example.org', learner_id: learner.id });
    });

    it('revokes a session whose code was never redeemed when it is ended', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      expect(await stateOf(minted.sessionId)).toBe('revoked');
      await expect(redeem(minted.redemptionCode)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'CODE_EXPIRED' });
    });

    it('force-ends with a reason kept on the session and in the audit log', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      await redeem(minted.redemptionCode);
      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Left the room' });
      const [summary] = await admin.caller.sessions.list({ states: ['revoked'] }).then((l) => l.filter((s) => s.id === minted.sessionId));
      expect(summary).toMatchObject({ state: 'revoked', endReason: 'Left the room' });
      expect(summary!.endedAt).not.toBeNull();
      const audit = await services.db
        .selectFrom('audit_log')
        .select('detail')
        .where('session_id', '=', minted.sessionId)
        .where('action', '=', 'session.force_end')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(audit.detail)).toEqual({ reason: 'Left the room' });
      await expect(
        admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Again' }),
      ).rejects.toMatchObject({ code: 'CONFLICT', message: 'This session has already been ended by an admin.' });
      await expect(admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'x' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    it('revokes every live session of a class start and counts them', async () => {
      const learners = await Promise.all([1, 2, 3].map(() => addLearner(services)));
      const bulk = await admin.caller.sessions.startBulk({ learnerIds: learners.map((l) => l.id) });
      await redeem(bulk.sessions[0]!.redemptionCode);
      await admin.caller.sessions.forceEnd({ sessionId: bulk.sessions[2]!.sessionId, reason: 'Went home' });
      await expect(admin.caller.sessions.revokeBatch({ batchId: bulk.batchId })).resolves.toEqual({ revoked: 2 });
      for (const s of bulk.sessions) expect(await stateOf(s.sessionId)).toBe('revoked');
      await expect(admin.caller.sessions.revokeBatch({ batchId: bulk.batchId })).resolves.toEqual({ revoked: 0 });
      await expect(
        admin.caller.sessions.revokeBatch({ batchId: '00000000-0000-4000-8000-000000000000' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('reissues a code: the new one redeems, the old one no longer does', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      services.advance(60_000);
      const fresh = await admin.caller.sessions.reissueCode({ sessionId: minted.sessionId });
      expect(fresh.sessionId).toBe(minted.sessionId);
      expect(fresh.redemptionCode).not.toBe(minted.redemptionCode);
      expect(Date.parse(fresh.codeExpiresAt)).toBeGreaterThan(Date.parse(minted.codeExpiresAt));
      await expect(redeem(minted.redemptionCode)).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'CODE_EXPIRED' });
      await expect(redeem(fresh.redemptionCode)).resolves.toMatchObject({ learnerName: minted.learnerName });
      await expect(admin.caller.sessions.reissueCode({ sessionId: minted.sessionId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Only a session whose code has not been redeemed yet can get a new code.',
      });
    });

    it('lists a pending session as not yet started, and its end as redemption plus its duration once redeemed', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id, durationMin: 20 });
      const listed = async () => (await admin.caller.sessions.list()).find((s) => s.id === minted.sessionId)!;
      expect(await listed()).toMatchObject({ state: 'pending', durationMin: 20, redeemedAt: null, sessionExpiresAt: null });
      services.advance(7 * 60_000);
      await redeem(minted.redemptionCode, '198.51.100.9');
      const started = await listed();
      expect(started.state).toBe('active');
      expect(Date.parse(started.redeemedAt!) - Date.parse(started.createdAt)).toBeGreaterThanOrEqual(7 * 60_000);
      expect(Date.parse(started.sessionExpiresAt!)).toBe(Date.parse(started.redeemedAt!) + 20 * 60_000);
    });

    it('a reissued code gives the pending session its own new life, never a shorter one', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id, durationMin: 5 });
      services.advance(8 * 60_000);
      const fresh = await admin.caller.sessions.reissueCode({ sessionId: minted.sessionId });
      const row = await services.db.selectFrom('sessions').selectAll().where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.expires_at).toBe(row.code_expires_at);
      expect(row.code_expires_at - row.updated_at).toBe(CODE_TTL_MS);
      expect(Date.parse(fresh.codeExpiresAt)).toBe(row.code_expires_at);
      // Past the 5 minutes the session would have had from its first code, and nearly past the new code's life.
      services.advance(CODE_TTL_MS - 1_000);
      const redeemed = await redeem(fresh.redemptionCode, '198.51.100.10');
      const started = await services.db.selectFrom('sessions').selectAll().where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(Date.parse(redeemed.sessionExpiresAt)).toBe(started.redeemed_at! + 5 * 60_000);
    });

    it('refuses to reissue the code of a lapsed session', async () => {
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      services.advance(CODE_TTL_MS + 1);
      await expect(admin.caller.sessions.reissueCode({ sessionId: minted.sessionId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'This code has lapsed, so its session has expired. Start a new session instead.',
      });
    });
  });
}
