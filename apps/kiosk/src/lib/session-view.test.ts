import { SESSION_STATES } from '@perch/shared';
import { describe, expect, it } from 'vitest';
import { kioskI18n } from '../i18n';
import { endedBecause, endedWords as words, type EndedInfo } from './ended';
import { viewForState } from './session-view';

const endedWords = (info: EndedInfo) => {
  const { title, message } = words(info);
  return { title: kioskI18n.t(title), message: kioskI18n.t(message) };
};

describe('viewForState', () => {
  it('maps every state, treating ending as over', () => {
    const views = Object.fromEntries(SESSION_STATES.map((s) => [s, viewForState(s)]));
    expect(views).toEqual({
      pending: 'in-session',
      active: 'in-session',
      locked: 'locked',
      ending: 'over',
      ended: 'over',
      revoked: 'over',
      expired: 'over',
    });
  });
});

describe('endedWords', () => {
  it('words each ending kindly and names the learner when known', () => {
    expect(endedWords({ because: 'finished', learnerName: 'Sam' }).title).toBe('Great work, Sam!');
    expect(endedWords({ because: 'expired', learnerName: null }).title).toBe('Time’s up!');
    expect(endedWords({ because: endedBecause('revoked'), learnerName: 'Sam' }).title).toBe('Your session has ended');
    expect(endedWords({ because: endedBecause('ending'), learnerName: 'Sam' }).message).toMatch(/staff member/);
  });
});
