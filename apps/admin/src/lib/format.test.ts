import { describe, expect, it } from 'vitest';
import { describeRemaining, formatAgo, formatRelative } from './format';

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
