import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_STATES, type SessionState } from '@perch/shared';
import { DIALECTS, createTestServices, type TestServices } from '../test/harness';
import { TRANSITIONS, canTransition, explainForbidden, inSessionTx, transition } from './lifecycle';
import { addSessionInState, recordEvents, tick } from './test-fixtures';

const ALLOWED: [SessionState, SessionState][] = [
  ['pending', 'active'],
  ['pending', 'expired'],
  ['pending', 'revoked'],
  ['active', 'locked'],
  ['active', 'ending'],
  ['active', 'revoked'],
  ['active', 'expired'],
  ['locked', 'active'],
  ['locked', 'ending'],
  ['locked', 'revoked'],
  ['locked', 'expired'],
  ['ending', 'ended'],
  ['ending', 'revoked'],
  ['ending', 'expired'],
];
const isAllowed = (from: SessionState, to: SessionState) => ALLOWED.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = SESSION_STATES.flatMap((from) => SESSION_STATES.map((to) => [from, to] as const));
const FORBIDDEN = ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to));

describe('transition table', () => {
  it('allows exactly the documented moves', () => {
    for (const [from, to] of ALL_PAIRS) expect(canTransition(from, to), `${from} → ${to}`).toBe(isAllowed(from, to));
  });

  it('lets nothing leave a final state', () => {
    for (const final of ['ended', 'revoked', 'expired'] as const) expect(TRANSITIONS[final]).toEqual([]);
  });

  it('explains refusals in words', () => {
    expect(explainForbidden('ended', 'ending')).toBe('This session has already ended.');
    expect(explainForbidden('expired', 'active')).toBe('This session has already expired.');
    expect(explainForbidden('pending', 'locked')).toMatch(/has not started yet/);
    expect(explainForbidden('ending', 'ending')).toBe('This session is already ending.');
  });
});

for (const dialect of DIALECTS) {
  describe(`lifecycle (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services.close());

    const move = (id: string, to: SessionState) =>
      inSessionTx(services, (tx) => transition(tx, { to, target: { id }, audit: null, req: null }));

    it.each(ALLOWED)('moves %s → %s, stamps it and publishes after the commit', async (from, to) => {
      const id = await addSessionInState(services, from);
      const events = recordEvents(services);
      await tick();
      const row = await move(id, to);
      expect(row.state).toBe(to);
      const stored = await services.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.state).toBe(to);
      expect(stored.code_hash).toBeNull();
      if (to === 'locked') expect(stored.locked_at).not.toBeNull();
      if (to === 'ending') expect(stored.ending_at).not.toBeNull();
      if (['ended', 'revoked', 'expired'].includes(to)) expect(stored.ended_at).not.toBeNull();
      await tick();
      await events.stop();
      expect(events.seen).toEqual([{ sessionId: id, state: to }]);
    });

    it.each(FORBIDDEN)('refuses %s → %s with INVALID_TRANSITION and changes nothing', async (from, to) => {
      const id = await addSessionInState(services, from);
      const events = recordEvents(services);
      await tick();
      await expect(move(id, to)).rejects.toMatchObject({ code: 'CONFLICT', reason: 'INVALID_TRANSITION' });
      const stored = await services.db.selectFrom('sessions').select('state').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.state).toBe(from);
      await tick();
      await events.stop();
      expect(events.seen).toEqual([]);
    });

    it('says "already ended" in a sentence', async () => {
      const id = await addSessionInState(services, 'ended');
      await expect(move(id, 'revoked')).rejects.toMatchObject({ message: 'This session has already ended.' });
    });

    it('answers NOT_FOUND for a session that does not exist', async () => {
      await expect(move('00000000-0000-4000-8000-000000000000', 'revoked')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lets exactly one of many concurrent movers win', async () => {
      const id = await addSessionInState(services, 'active');
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => move(id, 'locked')));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(r.reason).toMatchObject({ code: 'CONFLICT', message: 'This session is already locked.' });
      }
    });

    it('publishes nothing and changes nothing when the transaction rolls back', async () => {
      const id = await addSessionInState(services, 'active');
      const events = recordEvents(services);
      await tick();
      await expect(
        inSessionTx(services, async (tx) => {
          await transition(tx, { to: 'ending', target: { id }, audit: null, req: null });
          throw new Error('later step failed');
        }),
      ).rejects.toThrow('later step failed');
      const stored = await services.db.selectFrom('sessions').select('state').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.state).toBe('active');
      await tick();
      await events.stop();
      expect(events.seen).toEqual([]);
    });
  });
}
