import { describe, expect, it } from 'vitest';
import { existingSessionSentence, existingSessionShort, minutesLeft, type ExistingSession } from './existing-session';

const base: ExistingSession = {
  sessionId: '8f14e45f-ceea-467a-9575-6b1e4f8e8e41',
  learnerId: '9f14e45f-ceea-467a-9575-6b1e4f8e8e41',
  learnerName: 'Maya Okafor',
  state: 'active',
  tabletName: 'Tablet 3',
  endsAt: '2026-05-01T10:20:00.000Z',
  minutesLeft: 20,
};

describe('existing-session words', () => {
  it('say where the session is and how long it has left, in whole minutes', () => {
    expect(existingSessionSentence(base)).toBe('Maya Okafor already has a session on Tablet 3, ends in about 20 minutes.');
    expect(existingSessionSentence({ ...base, tabletName: null, minutesLeft: 1 })).toBe(
      'Maya Okafor already has a session running, ends in about a minute.',
    );
    expect(existingSessionSentence({ ...base, state: 'pending' })).toBe('Maya Okafor already has a session waiting to open on Tablet 3.');
    expect(existingSessionSentence({ ...base, state: 'pending', tabletName: null, minutesLeft: 8 })).toBe(
      'Maya Okafor already has a session waiting for its code, which expires in about 8 minutes.',
    );
    expect(existingSessionShort(base)).toBe('Maya Okafor (on Tablet 3, ends in about 20 minutes)');
    expect(existingSessionShort({ ...base, state: 'pending', tabletName: null, minutesLeft: 8 })).toBe(
      'Maya Okafor (card not used yet, expires in about 8 minutes)',
    );
  });

  it('round minutes up, never down to nothing', () => {
    expect(minutesLeft(1_000 + 19 * 60_000 + 1, 1_000)).toBe(20);
    expect(minutesLeft(1_000 + 20 * 60_000, 1_000)).toBe(20);
    expect(minutesLeft(1_000, 1_000)).toBe(1);
  });
});
