import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionState } from '@perch/shared';
import type { SessionsTable } from '../db/schema';
import { recordAudit } from '../audit/audit.service';
import { DIALECTS, createTestServices, signedInAdmin, type TestServices } from '../test/harness';
import { hashToken } from '../platform/secrets';
import { purgeExpiredData } from './retention.service';
import { startRetentionSweeper } from './sweeper';

const DAY = 24 * 60 * 60_000;

interface SessionTimes {
  endedAt?: number | null;
  expiresAt: number;
}

/** A session row as the lifecycle would leave it, written directly: retention must not depend on how it got there. */
async function insertSession(services: TestServices, state: SessionState, times: SessionTimes, batchId: string | null = null) {
  const id = crypto.randomUUID();
  const created = times.expiresAt - 60 * 60_000;
  const row: Insertable<SessionsTable> = {
    id,
    learner_id: null,
    learner_name: `Guest ${id.slice(0, 4)}`,
    guest_age_band: '10-13',
    batch_id: batchId,
    state,
    duration_min: 60,
    idle_lock_min: 10,
    created_by: 'admin',
    created_at: created,
    code_hash: null,
    code_expires_at: created + 10 * 60_000,
    redeemed_at: null,
    token_hash: hashToken(id),
    expires_at: times.expiresAt,
    last_activity_at: null,
    locked_at: null,
    ending_at: null,
    ended_at: times.endedAt ?? null,
    end_reason: null,
    device: null,
    updated_at: created,
  };
  await services.db.insertInto('sessions').values(row).execute();
  return id;
}

for (const dialect of DIALECTS) {
  describe(`retention (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect); // the defaults: RETENTION_DAYS 30, AUDIT_RETENTION_DAYS 365
    });
    afterAll(() => services.close());

    const session = (state: SessionState, times: SessionTimes, batchId: string | null = null) => insertSession(services, state, times, batchId);
    async function batch(createdAt: number) {
      const id = crypto.randomUUID();
      await services.db.insertInto('batches').values({ id, label: null, created_by: 'admin', created_at: createdAt }).execute();
      return id;
    }
    const ids = async (table: 'sessions' | 'batches') =>
      new Set((await services.db.selectFrom(table).select('id').execute()).map((r) => r.id));

    it('purges old finished sessions, lapsed sign-ins, empty batches and old audit entries, and nothing else', async () => {
      const now = services.now();
      const old = now - 31 * DAY;
      const recent = now - 29 * DAY;
      const pastAuditRetention = now - 366 * DAY;

      const oldBatch = await batch(old - DAY);
      const oldBatchStillInUse = await batch(old - DAY);
      const newEmptyBatch = await batch(now);

      const gone = [
        await session('ended', { endedAt: old, expiresAt: old + DAY }, oldBatch),
        await session('revoked', { endedAt: old, expiresAt: old + DAY }, oldBatch),
        await session('expired', { endedAt: null, expiresAt: old }),
      ];
      const kept = [
        await session('ended', { endedAt: recent, expiresAt: recent + 60_000 }, oldBatchStillInUse),
        await session('expired', { endedAt: null, expiresAt: recent }),
        // Live states stay whatever their times say: ending them is the lifecycle's job, not retention's.
        await session('active', { expiresAt: old }),
        await session('locked', { expiresAt: now + 60 * 60_000 }),
        await session('pending', { expiresAt: now + 60 * 60_000 }),
        await session('ending', { expiresAt: old }),
      ];

      const admin = await signedInAdmin(services);
      const learner = await admin.caller.learners.create({ name: 'Old Timer', consent: true });
      await admin.caller.learners.archive({ learnerId: learner.id });
      const me = await admin.caller.auth.me();
      await services.db
        .insertInto('admin_sessions')
        .values({ token_hash: hashToken('lapsed'), admin_id: me.id, created_at: old, expires_at: now - 1 })
        .execute();

      // Audit entries outlive the sessions they describe: a month-old entry stays, a year-old one goes.
      await recordAudit(services.db, pastAuditRetention, null, { action: 'session.end', actorType: 'system', detail: { marker: 'year-old' } });
      await recordAudit(services.db, old, null, { action: 'session.end', actorType: 'system', detail: { marker: 'old' } });
      await recordAudit(services.db, recent, null, { action: 'session.end', actorType: 'system', detail: { marker: 'recent' } });

      const counts = await purgeExpiredData(services);
      expect(counts).toEqual({ sessions: 3, batches: 1, adminSignIns: 1, auditEntries: 1, agentRequests: 0, policyVersions: 0 });

      const sessions = await ids('sessions');
      for (const id of gone) expect(sessions.has(id)).toBe(false);
      for (const id of kept) expect(sessions.has(id)).toBe(true);
      expect(await ids('batches')).toEqual(new Set([oldBatchStillInUse, newEmptyBatch]));

      const signIns = await services.db.selectFrom('admin_sessions').select('token_hash').execute();
      expect(signIns.map((s) => s.token_hash)).not.toContain(hashToken('lapsed'));
      await expect(admin.caller.auth.me()).resolves.toMatchObject({ id: me.id }); // the live sign-in survives

      const learners = await admin.caller.learners.list({ includeArchived: true });
      expect(learners.map((l) => l.id)).toContain(learner.id);

      const markers = (await services.db.selectFrom('audit_log').select('detail').execute()).map((r) => JSON.parse(r.detail).marker);
      expect(markers).toContain('recent');
      expect(markers).toContain('old');
      expect(markers).not.toContain('year-old');

      const purges = await services.db.selectFrom('audit_log').selectAll().where('action', '=', 'retention.purge').execute();
      expect(purges).toHaveLength(1);
      expect(purges[0]).toMatchObject({ actor_type: 'system', actor_id: null, ip: null });
      expect(purges[0]!.at).toBeGreaterThanOrEqual(now);
      expect(JSON.parse(purges[0]!.detail)).toEqual({ ...counts, retentionDays: 30, auditRetentionDays: 365 });
    });

    it('changes nothing and records nothing when nothing has aged out', async () => {
      const before = await services.db.selectFrom('audit_log').select('id').execute();
      expect(await purgeExpiredData(services)).toEqual({ sessions: 0, batches: 0, adminSignIns: 0, auditEntries: 0, agentRequests: 0, policyVersions: 0 });
      expect(await services.db.selectFrom('audit_log').select('id').execute()).toHaveLength(before.length);
    });

    it('purges agents’ approval requests after RETENTION_DAYS (not one still running) and policies replaced before AUDIT_RETENTION_DAYS (never the one in force)', async () => {
      const now = services.now();
      const admin = await signedInAdmin(services);
      const me = await admin.caller.auth.me();
      const grantId = crypto.randomUUID();
      await services.db
        .insertInto('agent_grants')
        .values({ id: grantId, label: 'Old assistant', secret_hash: hashToken(grantId), created_by: me.id, created_at: now - 400 * DAY, expires_at: now + DAY, revoked_at: null, last_used_at: null, call_count: 0 })
        .execute();
      const request = async (state: 'done' | 'declined' | 'expired' | 'running' | 'pending', createdAt: number) => {
        const id = crypto.randomUUID();
        await services.db
          .insertInto('agent_requests')
          .values({ id, grant_id: grantId, tool: 'maker_archive_learner', args: '{"learnerId":"x"}', state, created_at: createdAt, expires_at: createdAt + 15 * 60_000, decided_at: null, decided_by: null, outcome: null })
          .execute();
        return id;
      };
      const goneRequests = [await request('done', now - 31 * DAY), await request('declined', now - 31 * DAY), await request('expired', now - 40 * DAY)];
      const keptRequests = [await request('running', now - 31 * DAY), await request('done', now - 29 * DAY), await request('pending', now)];

      // Versions 1 and 2 left force over a year ago (3 replaced 2 then); 3 left force a month ago; 4 is in force.
      const policy = async (createdAt: number) =>
        (await services.db.insertInto('agent_policies').values({ policy: '{"version":"1","default":"deny"}', created_by: me.id, created_at: createdAt }).returning('id').executeTakeFirstOrThrow()).id;
      const v1 = await policy(now - 500 * DAY);
      const v2 = await policy(now - 450 * DAY);
      const v3 = await policy(now - 400 * DAY);
      const v4 = await policy(now - 30 * DAY);

      const counts = await purgeExpiredData(services);
      expect(counts).toMatchObject({ agentRequests: 3, policyVersions: 2 });
      const requests = new Set((await services.db.selectFrom('agent_requests').select('id').execute()).map((r) => r.id));
      for (const id of goneRequests) expect(requests.has(id)).toBe(false);
      for (const id of keptRequests) expect(requests.has(id)).toBe(true);
      const versions = (await services.db.selectFrom('agent_policies').select('id').orderBy('id').execute()).map((r) => r.id);
      expect(versions).toEqual([v3, v4]);
      expect(versions).not.toContain(v1);
      expect(versions).not.toContain(v2);
    });

    it('follows time: a session kept today is purged once it passes RETENTION_DAYS', async () => {
      const id = await session('ended', { endedAt: services.now(), expiresAt: services.now() + 60_000 });
      await purgeExpiredData(services);
      expect((await ids('sessions')).has(id)).toBe(true);
      services.advance(30 * DAY + 60_000);
      const counts = await purgeExpiredData(services);
      expect(counts.sessions).toBeGreaterThanOrEqual(1);
      expect((await ids('sessions')).has(id)).toBe(false);
    });

    it('sweeps once at start-up, then on its interval, until stopped', async () => {
      const first = await session('revoked', { endedAt: services.now() - 40 * DAY, expiresAt: services.now() - 40 * DAY });
      const stop = startRetentionSweeper(services, 50);
      try {
        await expect.poll(async () => (await ids('sessions')).has(first), { timeout: 5_000 }).toBe(false);
        const second = await session('expired', { endedAt: null, expiresAt: services.now() - 40 * DAY });
        await expect.poll(async () => (await ids('sessions')).has(second), { timeout: 5_000 }).toBe(false);
      } finally {
        stop();
      }
      const third = await session('ended', { endedAt: services.now() - 40 * DAY, expiresAt: services.now() - 40 * DAY });
      await new Promise((r) => setTimeout(r, 200));
      expect((await ids('sessions')).has(third)).toBe(true);
    });
  });
}

/** An audit row written directly, `daysAgo` days before now, so its age is exact. */
async function auditEntryAged(services: TestServices, daysAgo: number, marker: string) {
  await recordAudit(services.db, services.now() - daysAgo * DAY, null, { action: 'session.end', actorType: 'system', detail: { marker } });
}

for (const dialect of DIALECTS) {
  describe(`retention honours RETENTION_DAYS and AUDIT_RETENTION_DAYS apart (${dialect})`, () => {
    it('keeps audit entries longer than sessions: RETENTION_DAYS 7, AUDIT_RETENTION_DAYS 90', async () => {
      const services = await createTestServices(dialect, { RETENTION_DAYS: '7', AUDIT_RETENTION_DAYS: '90' });
      try {
        for (const [days, marker] of [[6, 'six days'], [10, 'ten days'], [89, 'eighty-nine days'], [91, 'ninety-one days']] as const) {
          await auditEntryAged(services, days, marker);
        }
        const tenDaysAgo = services.now() - 10 * DAY;
        const ended = await insertSession(services, 'ended', { endedAt: tenDaysAgo, expiresAt: tenDaysAgo });
        const counts = await purgeExpiredData(services);
        expect(counts).toMatchObject({ sessions: 1, auditEntries: 1 });
        expect(await services.db.selectFrom('sessions').select('id').where('id', '=', ended).executeTakeFirst()).toBeUndefined();
        const rows = await services.db.selectFrom('audit_log').select(['action', 'detail']).execute();
        const markers = rows.filter((r) => r.action === 'session.end').map((r) => JSON.parse(r.detail).marker);
        expect(markers.sort()).toEqual(['eighty-nine days', 'six days', 'ten days']);
        const purge = rows.find((r) => r.action === 'retention.purge');
        expect(JSON.parse(purge!.detail)).toMatchObject({ retentionDays: 7, auditRetentionDays: 90 });
      } finally {
        await services.close();
      }
    });

    it('never purges the policy in force, however old', async () => {
      const services = await createTestServices(dialect);
      try {
        const admin = await signedInAdmin(services);
        const me = await admin.caller.auth.me();
        await services.db.insertInto('agent_policies').values({ policy: '{"version":"1","default":"deny"}', created_by: me.id, created_at: services.now() - 2000 * DAY }).execute();
        expect(await purgeExpiredData(services)).toMatchObject({ policyVersions: 0 });
        expect(await services.db.selectFrom('agent_policies').select('id').execute()).toHaveLength(1);
      } finally {
        await services.close();
      }
    });

    it('purges audit entries sooner than sessions when told to: RETENTION_DAYS 30, AUDIT_RETENTION_DAYS 7', async () => {
      const services = await createTestServices(dialect, { AUDIT_RETENTION_DAYS: '7' });
      try {
        await auditEntryAged(services, 6, 'six days');
        await auditEntryAged(services, 10, 'ten days');
        expect(await purgeExpiredData(services)).toMatchObject({ auditEntries: 1 });
        const markers = (await services.db.selectFrom('audit_log').select('detail').where('action', '=', 'session.end').execute()).map(
          (r) => JSON.parse(r.detail).marker,
        );
        expect(markers).toEqual(['six days']);
      } finally {
        await services.close();
      }
    });
  });
}
