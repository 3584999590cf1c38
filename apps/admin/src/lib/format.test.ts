import { describe, expect, it } from 'vitest';
import { describeRemaining, formatAgo, formatDateTime, formatDeadline, formatRelative, formatTime } from './format';

describe('describeRemaining', () => {
  it('has words for screen readers', () => {
    expect(describeRemaining(9 * 60_000 + 1)).toBe('10 minutes');
    expect(describeRemaining(90_000)).toBe('1 minute');
    expect(describeRemaining(1_000)).toBe('1 second');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  it('says how long until or since', () => {
    expect(formatRelative('2026-03-01T10:42:00Z', now)).toBe('in 42 min');
    expect(formatRelative('2026-03-01T09:57:00Z', now)).toBe('3 min ago');
    expect(formatRelative('2026-03-01T11:00:00Z', now)).toBe('in 1 h');
    expect(formatRelative('2026-03-01T11:05:00Z', now)).toBe('in 1 h 5 min');
    expect(formatRelative('2026-03-01T09:59:50Z', now)).toBe('just now');
  });
});

describe('formatAgo', () => {
  it('never puts a past event in the future, however the clocks stand', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(formatAgo('2026-03-01T10:00:04Z', now)).toBe('just now');
    expect(formatRelative('2026-03-01T10:00:04Z', now)).toBe('in under a minute');
    expect(formatAgo('2026-03-01T09:57:00Z', now)).toBe('3 min ago');
  });
});

describe('formatDeadline', () => {
  it('gives the time for today and the day too for a card printed days ahead', () => {
    const now = Date.parse('2026-05-01T08:00:00Z');
    const soon = '2026-05-01T08:10:00Z';
    const week = '2026-05-08T08:00:00Z';
    expect(formatDeadline(soon, now)).toBe(formatTime(soon));
    expect(formatDeadline(week, now)).toBe(formatDateTime(week));
  });
});
