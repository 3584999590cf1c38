import type { SessionSummary } from '@perch/shared';
import { describe, expect, it } from 'vitest';
import { applySessionEvent, LIVE_LIST_INPUT, sortSessions } from './session-cache';

const session = (id: string, state: SessionSummary['state'], createdAt = '2026-03-01T10:00:00.000Z'): SessionSummary => ({
  id,
  learnerId: `learner-${id}`,
  learnerName: `Learner ${id}`,
  guestAgeBand: null,
  batchId: null,
  batchLabel: null,
  state,
  durationMin: 60,
  idleLockMin: 10,
  createdAt,
  codeExpiresAt: createdAt,
  redeemedAt: null,
  sessionExpiresAt: null,
  lastActivityAt: null,
  endedAt: null,
  endReason: null,
  device: null,
});

describe('applySessionEvent', () => {
  it('replaces a row in place when its session changes', () => {
    const list = [session('a', 'pending'), session('b', 'active')];
    const next = applySessionEvent(list, session('a', 'active'), undefined)!;
    expect(next.map((s) => [s.id, s.state])).toEqual([
      ['a', 'active'],
      ['b', 'active'],
    ]);
    expect(list[0]!.state).toBe('pending'); // the cached array is never mutated
  });

  it('adds a new session at the top, within the list’s limit', () => {
    const list = [session('a', 'active'), session('b', 'active')];
    expect(applySessionEvent(list, session('c', 'pending'), { limit: 2 })!.map((s) => s.id)).toEqual(['c', 'a']);
  });

  it('drops a session that leaves a state-filtered list, and ignores ones that never belonged', () => {
    const live = [session('a', 'active'), session('b', 'locked')];
    expect(applySessionEvent(live, session('a', 'ended'), LIVE_LIST_INPUT)!.map((s) => s.id)).toEqual(['b']);
    expect(applySessionEvent(live, session('z', 'expired'), LIVE_LIST_INPUT)).toBe(live);
  });

  it('respects a batch filter, and leaves a list not yet loaded alone', () => {
    const batchList = [{ ...session('a', 'pending'), batchId: 'batch-1' }];
    expect(applySessionEvent(batchList, session('other', 'pending'), { batchId: 'batch-1' })).toBe(batchList);
    expect(applySessionEvent(undefined, session('a', 'active'), undefined)).toBeUndefined();
  });
});

describe('sortSessions', () => {
  it('puts the newest first', () => {
    const older = session('old', 'ended', '2026-03-01T09:00:00.000Z');
    const newer = session('new', 'active', '2026-03-01T10:00:00.000Z');
    expect(sortSessions([older, newer]).map((s) => s.id)).toEqual(['new', 'old']);
  });
});
