import { describe, expect, it } from 'vitest';
import { narrowOffset } from './server-clock';

const at = (ms: number) => new Date(ms).toUTCString();
const T = Date.UTC(2026, 10, 26, 9, 0, 0);

describe('narrowOffset', () => {
  it('bounds the offset by the whole second the Date header names and the request’s round trip', () => {
    // Server 5 min ahead; its clock read 09:05:00.4 while the request was out (local 09:00:00.3 → .5).
    const bounds = narrowOffset(null, at(T + 300_000), T + 300, T + 500);
    expect(bounds).toEqual({ low: 300_000 - 500, high: 301_000 - 300 });
  });

  it('narrows with each answer towards the true offset', () => {
    const truth = 300_400;
    let bounds = null;
    for (let i = 0; i < 20; i++) {
      const sent = T + i * 1_237; // answers land at different points of the server's second
      const serverAt = sent + 40 + truth;
      bounds = narrowOffset(bounds, at(Math.floor(serverAt / 1000) * 1000), sent, sent + 80);
    }
    expect(bounds!.low).toBeLessThanOrEqual(truth);
    expect(bounds!.high).toBeGreaterThanOrEqual(truth);
    expect(bounds!.high - bounds!.low).toBeLessThan(200);
  });

  it('starts again when an answer contradicts what it knew (a clock was changed)', () => {
    const before = narrowOffset(null, at(T), T, T + 100);
    const after = narrowOffset(before, at(T + 3_600_000), T + 1_000, T + 1_100);
    expect(after).toEqual({ low: 3_600_000 - 1_100, high: 3_601_000 - 1_000 });
  });

  it('ignores answers without a readable Date header', () => {
    const bounds = { low: 1, high: 2 };
    expect(narrowOffset(bounds, null, T, T + 1)).toBe(bounds);
    expect(narrowOffset(bounds, 'not a date', T, T + 1)).toBe(bounds);
  });
});
