import { describe, expect, it } from 'vitest';
import { iso, isoOrNull } from './time';

const asDate = (ms: number) => new Date(ms).toISOString();

describe('iso', () => {
  it('writes what Date#toISOString writes, across days, years and the edges of a day', () => {
    const day = 86_400_000;
    const samples = [0, 1, 999, 1000, day - 1, day, day + 1, -1, -day, -day - 1, Date.UTC(2024, 1, 29, 23, 59, 59, 999)];
    // Runs of times on the same day (the fast path) and jumps between days and years.
    for (let i = 0; i < 2000; i++) samples.push(Date.UTC(2026, 10, 26) + i * 37_003);
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.sin(i) * 4e12));
    for (const ms of samples) expect(iso(ms), `iso(${ms})`).toBe(asDate(ms));
  });

  it('writes years outside 0–9999 and fractions of a millisecond as toISOString does', () => {
    const farFuture = Date.UTC(10000, 0, 1, 12);
    const beforeYearZero = Date.UTC(-1, 5, 1);
    for (const ms of [farFuture, farFuture + 5, beforeYearZero, beforeYearZero + 5, Date.UTC(0, 0, 1), 1.5, -1.5, 1_700_000_000_000.7]) {
      expect(iso(ms), `iso(${ms})`).toBe(asDate(ms));
    }
    // After a day toISOString wrote in full, the next time that day is written here and still agrees.
    expect(iso(farFuture + 1)).toBe('+010000-01-01T12:00:00.001Z');
  });

  it('refuses what is not a time, as toISOString does', () => {
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
  });

  it('isoOrNull keeps null', () => {
    expect(isoOrNull(null)).toBeNull();
    expect(isoOrNull(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
