import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from './audit';
import { AUDIT_ACTION_WORDS, auditActorWords, auditDetailSentences, auditDetailWords, auditLearnerWords, minutesWords } from './audit-words';

const ID = 'ee5b8cc5-1d2e-4f6a-8b9c-0d1e2f3a4b5c';
const TABLET = '2b7e1516-28ae-4d2a-a6ab-f7158809cf4f';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  id: 1,
  at: '2026-03-01T10:00:00.000Z',
  actorType: 'admin',
  actorId: ID,
  actorLabel: 'teacher@example.org',
  actorName: null,
  action: 'admin.login',
  sessionId: null,
  learnerId: null,
  learner: null,
  tablet: null,
  ip: '127.0.0.1',
  userAgent: null,
  detail: {},
  ...overrides,
});

/**
 * One detail per action, as the API writes it (the call sites of recordAudit). Typed as a Record
 * over every action: a new action without an example does not compile, and the test below fails
 * for one whose words leave any of its keys unsaid.
 */
const WRITTEN: Record<AuditAction, Record<string, unknown>> = {
  'admin.login': {},
  'admin.login_failed': {},
  'admin.logout': {},
  'admin.created': {},
  'admin.setup': {},
  'admin.setup_failed': { reason: 'CODE_EXPIRED' },
  'learner.create': { withAge: true, withNotes: false, listSize: 12 },
  'learner.update': { changed: ['name', 'notes'] },
  'learner.archive': {},
  'session.start': { durationMin: 60, idleLockMin: 10, batchId: ID, classSize: 12, cardLifeMin: 4320, onExisting: 'end', endedSessionIds: [ID] },
  'session.start_guest': { ageBand: '10-13', durationMin: 30, idleLockMin: 5 },
  'session.reissue_code': { batchId: ID, reprint: true },
  'session.send': { tabletId: TABLET, tabletName: 'Tablet 3', durationMin: 45, batchId: ID, classSize: 4, onExisting: 'keep', besideSessions: 1 },
  'session.redeem': { device: 'Chrome on Android', sent: true },
  'session.redeem_failed': { reason: 'CODE_EXPIRED' },
  'session.redeem_recovered': {},
  'session.lock': { why: 'idle' },
  'session.unlock': {},
  'session.finish': {},
  'session.end': { beforeRedeem: true, replaced: true },
  'session.force_end': { reason: 'Tablet left in the hallway' },
  'session.revoke_batch': { batchId: ID },
  'session.expire': { why: 'time_up' },
  'retention.purge': {
    sessions: 12,
    batches: 3,
    adminSignIns: 5,
    auditEntries: 40,
    agentRequests: 2,
    policyVersions: 1,
    retentionDays: 30,
    auditRetentionDays: 365,
  },
  'tablet.enrollment_create': { expiresAt: '2026-03-01T10:10:00.000Z' },
  'tablet.enroll': { tabletId: TABLET, name: 'Tablet 3' },
  'tablet.enroll_failed': { reason: 'CODE_USED' },
  'tablet.rename': { tabletId: TABLET, from: 'Tablet 3', to: 'Front desk' },
  'tablet.retire': { tabletId: TABLET, name: 'Front desk' },
  'tablet.redeem_mode': { from: 'enrolled', to: 'open', shortenedCodes: 3 },
  'tablet.kiosk_names': { from: false, to: true },
  'throttle.unblock': { kind: 'address', who: '192.0.2.0/64' },
  'agent.grant_create': { grantId: ID, label: 'Claude, room 4', expiresInDays: 30 },
  'agent.grant_revoke': { grantId: ID, label: 'Claude, room 4' },
  'agent.policy_update': { from: 'default', changes: [{ path: 'tools.maker_start_session.approval', from: 'never', to: 'required' }], changeCount: 1 },
  'agent.call': { tool: 'maker_start_session', outcome: 'error', error: 'That learner is archived.' },
  'agent.denied': { tool: 'maker_end_session', rule: 'tools.maker_end_session.action', message: 'maker_end_session is blocked by the policy.' },
  'agent.request': { requestId: ID, tool: 'maker_start_session' },
  'agent.request_approve': { requestId: ID, tool: 'maker_start_session', grantId: ID },
  'agent.request_decline': { requestId: ID, tool: 'maker_start_session', grantId: ID },
  'audit.export': { rows: 1234, capped: false, filtered: true },
};

/** Actions that say nothing more than their name: an empty detail is right for them. */
const SAY_NOTHING_MORE: AuditAction[] = ['admin.login', 'admin.logout', 'admin.created', 'session.unlock'];

describe('every audit action in words', () => {
  it.each(AUDIT_ACTIONS)('%s has a name and says all of what the API writes for it', (action) => {
    expect(AUDIT_ACTION_WORDS[action]?.trim()).toBeTruthy();
    expect(AUDIT_ACTION_WORDS[action]).not.toBe(action);
    const { said, unsaid } = auditDetailSentences(entry({ action, detail: WRITTEN[action] }));
    expect(unsaid).toEqual([]);
    if (!SAY_NOTHING_MORE.includes(action)) expect(said.length).toBeGreaterThan(0);
    const keys = Object.keys(WRITTEN[action]).filter((key) => /[A-Z_]/.test(key));
    for (const s of said) {
      expect(s).toMatch(/^[A-Z“0-9]/);
      expect(s).toMatch(/[.!?]$/);
      // Never a raw key (`durationMin`, `batchId`) in what a person reads.
      for (const key of keys) expect(s).not.toContain(key);
    }
  });

  it('names every action differently, so the filter can tell them apart', () => {
    const names = Object.values(AUDIT_ACTION_WORDS);
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(AUDIT_ACTION_WORDS).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});

describe('details as sentences', () => {
  const say = (action: AuditAction, detail: Record<string, unknown>, more: Partial<AuditEntry> = {}) =>
    auditDetailWords(entry({ action, detail, ...more }));

  it('says a learner added, alone or in a list', () => {
    expect(say('learner.create', { withAge: true, withNotes: true })).toBe('Added with an age and notes.');
    expect(say('learner.create', { withAge: false, withNotes: false, listSize: 12 })).toBe('Added with a name only, one of a list of 12 added at once.');
  });

  it('says a session start as a person would', () => {
    expect(say('session.start', { durationMin: 60, idleLockMin: 10, batchId: ID, classSize: 12 })).toBe(
      '60-minute session, locks after 10 idle minutes, part of a class start of 12.',
    );
    expect(say('session.start', { durationMin: 45, idleLockMin: 0 })).toBe('45-minute session, never locks when idle.');
    expect(say('session.start', { durationMin: 60, idleLockMin: 1, batchId: ID, cardLifeMin: 4320 })).toBe(
      '60-minute session, locks after 1 idle minute, part of a class start, cards work for 3 days.',
    );
    // A learner who already had a session: what the admin's choice did, on the new start and the old end.
    expect(say('session.start', { durationMin: 60, idleLockMin: 10, onExisting: 'end', endedSessionIds: [ID] })).toBe(
      '60-minute session, locks after 10 idle minutes. Their other session was ended to start this one.',
    );
    expect(say('session.start', { durationMin: 60, onExisting: 'end', endedSessionIds: [ID, TABLET] })).toBe(
      '60-minute session. Their other 2 sessions were ended to start this one.',
    );
    expect(say('session.start', { durationMin: 60, idleLockMin: 10, onExisting: 'keep', besideSessions: 1 })).toBe(
      '60-minute session, locks after 10 idle minutes. Started beside another session of theirs, as the admin chose.',
    );
    // The choice with nothing to end or keep (a class start with "end", say) did nothing: it says nothing.
    expect(say('session.start', { durationMin: 60, onExisting: 'end' })).toBe('60-minute session.');
    expect(say('session.start', { durationMin: 60, onExisting: 'keep' })).toBe('60-minute session.');
    expect(say('session.end', { replaced: true })).toBe('A new session for the same learner replaced it.');
  });

  it('names a tablet by the name it had, and the one it has now', () => {
    const now = { id: TABLET, name: 'Front desk', retired: false };
    expect(say('session.send', { tabletId: TABLET, tabletName: 'Tablet 3', durationMin: 30 }, { tablet: now })).toBe(
      'Sent straight to “Tablet 3” (now “Front desk”), no code needed, 30-minute session.',
    );
    expect(say('session.send', { tabletId: TABLET, tabletName: 'Tablet 3', durationMin: 30, onExisting: 'end', endedSessionIds: [ID] }, { tablet: now })).toBe(
      'Sent straight to “Tablet 3” (now “Front desk”), no code needed, 30-minute session. Their other session was ended to start this one.',
    );
    expect(say('tablet.rename', { tabletId: TABLET, from: 'Tablet 3', to: 'Front desk' }, { tablet: now })).toBe('Renamed “Tablet 3” to “Front desk”.');
    expect(say('session.force_end', { reason: 'tablet retired', tabletId: TABLET }, { tablet: { ...now, retired: true } })).toBe(
      'Its tablet, “Front desk”, was retired.',
    );
  });

  it('says the retention purge, the redeem mode, the names on tablets and the policy change in words', () => {
    expect(say('retention.purge', WRITTEN['retention.purge'])).toBe(
      'Removed 12 finished sessions older than 30 days, 3 empty class starts older than 30 days, 40 audit entries older than 365 days, 5 lapsed admin sign-ins, 2 agent approval requests older than 30 days and 1 agent policy replaced more than 365 days ago.',
    );
    expect(say('tablet.redeem_mode', WRITTEN['tablet.redeem_mode'])).toBe(
      'From only enrolled tablets to any browser. 3 waiting cards shortened to 10 minutes.',
    );
    expect(say('tablet.kiosk_names', WRITTEN['tablet.kiosk_names'])).toBe('Tablets show first names only (before: full names).');
    expect(say('tablet.kiosk_names', { from: true, to: false })).toBe('Tablets show full names (before: first names only).');
    expect(say('agent.policy_update', WRITTEN['agent.policy_update'])).toBe(
      'Replaced the built-in default. 1 change: tools.maker_start_session.approval from never to required.',
    );
    expect(say('agent.policy_update', { from: 'database', previousUnreadable: true, changes: [{ path: 'default', to: 'allow' }], changeCount: 1 })).toBe(
      'Replaced the saved policy, which could not be read (every agent call was refused). 1 change: default set to allow.',
    );
  });

  it('says keys it does not know plainly, and survives details of the wrong shape', () => {
    expect(say('session.start', { durationMin: 60, idleLockMin: 10, shortenedCodes: 3, batch_id: ID, extra: { a: 1 } })).toBe(
      '60-minute session, locks after 10 idle minutes. Shortened codes: 3. Batch id: ee5b8cc5…. Extra: {"a":1}.',
    );
    expect(say('session.start', { durationMin: 'sixty', idleLockMin: null })).toBe('Duration min: sixty. Idle lock min: nothing.');
    expect(say('learner.update', { changed: 'name' })).toBe('Changed: name.');
    expect(() => auditDetailWords(entry({ action: 'session.start', detail: null as never }))).not.toThrow();
    expect(auditDetailWords(entry({ action: 'nope.unknown' as AuditAction, detail: { a: true } }))).toBe('A: yes.');
  });

  it('writes moments with the formatter it is given', () => {
    const detail = { expiresAt: '2026-03-01T10:10:00.000Z' };
    expect(auditDetailWords(entry({ action: 'tablet.enrollment_create', detail }), { dateTime: () => '10:10' })).toBe('The code works until 10:10.');
  });

  it('says minutes as days or hours when they are whole ones', () => {
    expect([minutesWords(1), minutesWords(90), minutesWords(120), minutesWords(1440), minutesWords(10_080)]).toEqual([
      '1 minute',
      '90 minutes',
      '2 hours',
      '1 day',
      '7 days',
    ]);
  });
});

describe('who acted and whom it was about', () => {
  it('names each kind of actor in words', () => {
    const tablet = { id: TABLET, name: 'Front desk', retired: false };
    expect(auditActorWords(entry({}))).toBe('teacher@example.org');
    expect(auditActorWords(entry({ actorName: 'Ana Ruiz' }))).toBe('Ana Ruiz (teacher@example.org)');
    expect(auditActorWords(entry({ actorType: 'agent', actorLabel: 'Claude, room 4' }))).toBe('Agent “Claude, room 4”');
    expect(auditActorWords(entry({ actorType: 'system', actorLabel: null }))).toBe('Perch');
    expect(auditActorWords(entry({ actorType: 'kiosk', actorId: TABLET, actorLabel: 'Front desk', tablet }))).toBe('Front desk');
    expect(auditActorWords(entry({ actorType: 'kiosk', actorId: TABLET, actorLabel: 'Tablet 3', tablet }))).toBe('Tablet 3 (now “Front desk”)');
    expect(auditActorWords(entry({ actorType: 'kiosk', actorLabel: 'Tablet 3', tablet: { ...tablet, retired: true } }))).toBe(
      'Tablet 3 (now “Front desk”), since retired',
    );
    expect(auditActorWords(entry({ actorType: 'kiosk', actorId: null, actorLabel: 'Chrome on Android' }))).toBe('The kiosk (Chrome on Android)');
    expect(auditActorWords(entry({ actorType: 'kiosk', actorId: null, actorLabel: null }))).toBe('The kiosk');
    expect(auditActorWords(entry({ action: 'admin.login_failed', actorType: 'anonymous', actorId: null, actorLabel: 'x@example.org' }))).toBe(
      'Someone signing in as x@example.org',
    );
  });

  it('says older rows by the kiosk as the kiosk, never “someone signed out”', () => {
    const old = { actorType: 'anonymous' as const, actorId: null, actorLabel: null };
    expect(auditActorWords(entry({ ...old, action: 'session.redeem_failed' }))).toBe('The kiosk');
    expect(auditActorWords(entry({ ...old, action: 'tablet.enroll_failed' }))).toBe('The kiosk');
    expect(auditActorWords(entry({ actorType: 'kiosk', actorId: ID, actorLabel: null, action: 'session.redeem', detail: { device: 'Safari on iPad' } }))).toBe(
      'The kiosk (Safari on iPad)',
    );
  });

  it('names the learner, archived or not, and a guest by age band', () => {
    expect(auditLearnerWords(entry({}))).toBe('');
    expect(auditLearnerWords(entry({ learner: { kind: 'learner', id: ID, name: 'Maya Okafor', archived: false } }))).toBe('Maya Okafor');
    expect(auditLearnerWords(entry({ learner: { kind: 'learner', id: ID, name: 'Maya Okafor', archived: true } }))).toBe('Maya Okafor (archived)');
    expect(auditLearnerWords(entry({ learner: { kind: 'learner', id: ID, name: null, archived: false } }))).toBe('A learner no longer on record');
    expect(auditLearnerWords(entry({ learner: { kind: 'guest', ageBand: '10-13' } }))).toBe('A guest (10-13)');
    expect(auditLearnerWords(entry({ learner: { kind: 'guest', ageBand: null } }))).toBe('A guest');
  });
});
