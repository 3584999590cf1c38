import { describe, expect, it } from 'vitest';
import { formatClock } from './time';

describe('formatClock', () => {
  it('shows minutes and seconds, and hours when there are any', () => {
    expect(formatClock(10 * 60_000)).toBe('10:00');
    expect(formatClock(59 * 60_000 + 7_000)).toBe('59:07');
    expect(formatClock(65 * 60_000)).toBe('1:05:00');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });

  it('rounds up, so 0:00 means really over, and never goes negative', () => {
    expect(formatClock(8_001)).toBe('0:09');
    expect(formatClock(200)).toBe('0:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-5_000)).toBe('0:00');
  });
});
