import crypto from 'node:crypto';
import { CODE_TTL_MS, ENDING_GRACE_MS, auditActorWords, auditDetailSentences, auditLearnerWords, type AuditEntry } from '@perch/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentSuite, call, connectAgent, newGrant } from '../agents/test-agent';
import { sweepOnce } from '../sessions/sweeper';
import { DIALECTS, TEST_ADMIN, fakeClient } from '../test/harness';

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; SM-X210) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

for (const dialect of DIALECTS) {
  describe(`the audit log names people (${dialect})`, () => {
    const t = agentSuite(dialect, {
      RATE_LIMIT_SESSION_START_PER_MIN: '1000',
      REDEEM_FAILURES_PER_IP: '1000',
      REDEEM_FAILURES_GLOBAL_PER_MIN: '1000',
    });
    let ip = 0;
    const browser = (userAgent?: string) => fakeClient(t.services, { ip: `198.51.100.${++ip}`, ...(userAgent ? { userAgent } : {}) });
    let maya: { id: string };
    let tabletId: string;
    let guestSessionId: string;
    let all: AuditEntry[];
    const entries = (action: AuditEntry['action'], where: (e: AuditEntry) => boolean = () => true) => all.filter((e) => e.action === action && where(e));

    beforeAll(async () => {
      const { admin, services } = t;
      maya = await admin.caller.learners.create({ name: 'Maya Okafor', age: 9, consent: true });
      await admin.caller.learners.createMany({ learners: [{ name: 'Theo Okafor' }, { name: 'Sam Rivera', age: 11 }], consent: true });

      // An enrolled tablet redeems Maya's code; she finishes; the tablet is renamed afterwards.
      const tablet = browser();
      const { tablet: identity } = await tablet.caller.kiosk.enroll({ code: (await admin.caller.tablets.createEnrollment()).code });
      tabletId = identity!.id;
      const first = await admin.caller.sessions.start({ learnerId: maya.id, durationMin: 60, idleLockMin: 10 });
      await tablet.caller.kiosk.redeem({ code: first.redemptionCode });
      await tablet.caller.kiosk.finish();
      await admin.caller.tablets.rename({ tabletId, name: 'Front desk' });

      // A phone that is no tablet tries a wrong code; someone mistypes the admin password.
      await browser(ANDROID_CHROME).caller.kiosk.redeem({ code: 'WXYZ-6789' }).catch(() => {});
      await fakeClient(services).caller.auth.login({ ...TEST_ADMIN, password: 'not the password' }).catch(() => {});

      // An AI agent lists the learners.
      const { secret } = await newGrant(admin, 'Claude, room 4');
      const agent = await connectAgent(t.server.url, secret);
      await call(agent, 'maker_list_learners');
      await agent.close();

      // A guest plays on a browser and finishes; their session row is deleted once it is over.
      const guest = await admin.caller.sessions.startGuest({ ageBand: '10-13' });
      guestSessionId = guest.sessionId;
      const guestBrowser = browser(ANDROID_CHROME);
      await guestBrowser.caller.kiosk.redeem({ code: guest.redemptionCode });
      await guestBrowser.caller.kiosk.finish();

      // Maya's second card is never used: Perch expires it. Then she is archived.
      await admin.caller.sessions.start({ learnerId: maya.id });
      services.advance(CODE_TTL_MS + ENDING_GRACE_MS + 1_000);
      await sweepOnce(services); // ends the guest's session and expires Maya's card
      services.advance(ENDING_GRACE_MS + 1_000);
      await sweepOnce(services); // deletes the guest's session
      await admin.caller.learners.archive({ learnerId: maya.id });
      // The admin gives a name (first-run set-up asks for one): the log shows it beside the email.
      await services.db.updateTable('admins').set({ name: 'Ana Ruiz' }).where('email', '=', TEST_ADMIN.email).execute();

      all = (await (await signedInAgain()).caller.audit.list({ limit: 200 })).items;
    });

    /** The clock moved: the morning's sign-in may have lapsed. */
    async function signedInAgain() {
      const admin = fakeClient(t.services);
      await admin.caller.auth.login(TEST_ADMIN);
      return admin;
    }

    it('names the learner of every session entry, also once archived', async () => {
      const mayas = all.filter((e) => e.learnerId === maya.id);
      expect(mayas.map((e) => e.action)).toEqual(
        expect.arrayContaining(['learner.create', 'session.start', 'session.redeem', 'session.finish', 'session.expire', 'learner.archive']),
      );
      for (const e of mayas) {
        expect(e.learner).toEqual({ kind: 'learner', id: maya.id, name: 'Maya Okafor', archived: true });
        expect(auditLearnerWords(e)).toBe('Maya Okafor (archived)');
      }
    });

    it('names a guest by age band, after their session row is gone', async () => {
      expect(await t.services.db.selectFrom('sessions').select('id').where('id', '=', guestSessionId).executeTakeFirst()).toBeUndefined();
      const guests = all.filter((e) => e.sessionId === guestSessionId);
      expect(guests.map((e) => e.action).sort()).toEqual(['session.finish', 'session.redeem', 'session.start_guest']);
      for (const e of guests) expect(auditLearnerWords(e)).toBe('A guest (10-13)');
    });

    it('names each kind of actor in words', async () => {
      const [start] = entries('session.start', (e) => e.learnerId === maya.id);
      expect(auditActorWords(start!)).toBe(`Ana Ruiz (${TEST_ADMIN.email})`);

      // The tablet by the name it had, and the one it has now.
      const [redeem] = entries('session.redeem', (e) => e.learnerId === maya.id);
      expect(redeem).toMatchObject({ actorType: 'kiosk', actorId: tabletId, actorLabel: 'Tablet 1', tablet: { id: tabletId, name: 'Front desk', retired: false } });
      expect(auditActorWords(redeem!)).toBe('Tablet 1 (now “Front desk”)');
      expect(auditActorWords(entries('session.finish', (e) => e.learnerId === maya.id)[0]!)).toBe('Tablet 1 (now “Front desk”)');

      // A browser that is no tablet, by what it is: never "someone signed out".
      const [refused] = entries('session.redeem_failed');
      expect(refused).toMatchObject({ actorType: 'kiosk', actorId: null, learner: null });
      expect(auditActorWords(refused!)).toBe('The kiosk (Chrome on Android)');
      expect(auditActorWords(entries('session.redeem', (e) => e.sessionId === guestSessionId)[0]!)).toBe('The kiosk (Chrome on Android)');

      expect(auditActorWords(entries('agent.call')[0]!)).toBe('Agent “Claude, room 4”');
      expect(auditActorWords(entries('session.expire', (e) => e.learnerId === maya.id)[0]!)).toBe('Perch');
      expect(auditActorWords(entries('admin.login_failed')[0]!)).toBe(`Someone signing in as ${TEST_ADMIN.email}`);
    });

    it('says in sentences every detail Perch wrote, with no key left over', async () => {
      expect(new Set(all.map((e) => e.action)).size).toBeGreaterThan(12);
      const leftovers = all.map((e) => ({ action: e.action, unsaid: auditDetailSentences(e).unsaid })).filter((e) => e.unsaid.length > 0);
      expect(leftovers).toEqual([]);
      expect(entries('learner.create', (e) => e.learner?.kind === 'learner' && e.learner.name === 'Sam Rivera').map((e) => auditDetailSentences(e).said)).toEqual([
        ['Added with an age, no notes, one of a list of 2 added at once.'],
      ]);
      const [start] = entries('session.start', (e) => e.learnerId === maya.id && e.detail.idleLockMin === 10);
      expect(auditDetailSentences(start!).said).toEqual(['60-minute session, locks after 10 idle minutes.']);
    });

    it('names the people of entries written before names were (older rows)', async () => {
      const at = t.services.now();
      const session = crypto.randomUUID();
      const legacy = (action: string, actorType: string, detail: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
        at,
        action,
        actor_type: actorType as 'kiosk',
        actor_id: null,
        actor_label: null,
        session_id: null,
        learner_id: null,
        ip: '192.0.2.9',
        user_agent: null,
        detail: JSON.stringify(detail),
        ...more,
      });
      await t.services.db
        .insertInto('audit_log')
        .values([
          legacy('session.redeem_failed', 'anonymous', { reason: 'CODE_UNKNOWN' }),
          legacy('session.redeem', 'kiosk', { device: 'Safari on iPad' }, { session_id: session, learner_id: maya.id }),
          legacy('session.start', 'admin', { durationMin: 60, idleLockMin: 10, batchId: session, oldKey: 'kept' }, { learner_id: maya.id }),
        ])
        .execute();
      const old = (await (await signedInAgain()).caller.audit.list({ ip: '192.0.2.9', limit: 10 })).items;
      expect(old.map(auditActorWords)).toEqual(['An admin', 'The kiosk (Safari on iPad)', 'The kiosk']);
      expect(old.map((e) => e.actorName)).toEqual([null, null, null]);
      expect(old.map(auditLearnerWords)).toEqual(['Maya Okafor (archived)', 'Maya Okafor (archived)', '']);
      expect(auditDetailSentences(old[0]!).said).toEqual(['60-minute session, locks after 10 idle minutes, part of a class start.', 'Old key: kept.']);
    });
  });
}
