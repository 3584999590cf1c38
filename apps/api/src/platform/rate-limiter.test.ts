import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../test/harness';
import { MemoryRateLimiter, type RateLimiter } from './rate-limiter';
import { createRedisRateLimiter } from './redis';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each test gets its own limiter and keys; the Redis one talks to the real server on this machine. */
const STORES: [string, () => RateLimiter][] = [
  ['memory', () => new MemoryRateLimiter()],
  ['redis', () => createRedisRateLimiter(TEST_REDIS_URL, `perch_t_rl_${crypto.randomBytes(6).toString('hex')}`)],
];

const opened: RateLimiter[] = [];
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
});

for (const [store, create] of STORES) {
  describe(`rate limiter behaviour (${store})`, () => {
    const limiter = () => {
      const l = create();
      opened.push(l);
      return l;
    };

    it('counts up to the cap, then refuses, and a refused call counts nothing', async () => {
      const l = limiter();
      const cap = { max: 3, windowMs: 60_000 };
      expect(await l.consume('k', cap, 2)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
      const refused = await l.consume('k', cap, 2);
      expect(refused.allowed).toBe(false);
      expect(refused.remaining).toBe(0);
      expect(refused.retryAfterMs).toBeGreaterThan(59_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
      // Had the refused call counted, this one would be refused too.
      expect(await l.consume('k', cap)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      expect((await l.consume('k', cap)).allowed).toBe(false);
    });

    it('records failures past the cap, so a flood is remembered in full', async () => {
      const l = limiter();
      const cap = { max: 3, windowMs: 60_000 };
      for (let i = 0; i < 5; i++) await l.record('f', cap);
      expect((await l.check('f', cap)).allowed).toBe(false);
      // The count is 5, not 3: a cap of 5 is reached, a cap of 6 has one left.
      expect((await l.check('f', { max: 5, windowMs: 60_000 })).allowed).toBe(false);
      expect(await l.check('f', { max: 6, windowMs: 60_000 })).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    });

    it('checks without counting', async () => {
      const l = limiter();
      const cap = { max: 2, windowMs: 60_000 };
      for (let i = 0; i < 5; i++) expect(await l.check('c', cap)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      expect((await l.consume('c', cap)).allowed).toBe(true);
      expect(await l.check('c', cap)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
      expect((await l.consume('c', cap)).allowed).toBe(true);
      const blocked = await l.check('c', cap);
      expect(blocked.allowed).toBe(false);
      expect(blocked.retryAfterMs).toBeGreaterThan(0);
    });

    it('opens a fresh window once the old one has passed; the window starts at the first unit', async () => {
      const l = limiter();
      // Wide margins: a loaded machine may oversleep by a few hundred milliseconds.
      const cap = { max: 2, windowMs: 1_200 };
      expect((await l.consume('w', cap)).allowed).toBe(true);
      await sleep(300);
      expect((await l.consume('w', cap)).allowed).toBe(true); // does not push the window back
      expect((await l.consume('w', cap)).allowed).toBe(false);
      await sleep(1_000); // 1.3 s after the first unit, 1 s after the second
      expect(await l.consume('w', cap)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    });

    it('weighs a call by its cost (a class start of 4 learners counts 4)', async () => {
      const l = limiter();
      const cap = { max: 10, windowMs: 60_000 };
      expect(await l.consume('b', cap, 4)).toMatchObject({ allowed: true, remaining: 6 });
      expect(await l.consume('b', cap, 4)).toMatchObject({ allowed: true, remaining: 2 });
      expect((await l.consume('b', cap, 3)).allowed).toBe(false);
      expect((await l.consume('b', cap, 11)).allowed).toBe(false);
      expect(await l.consume('b', cap, 2)).toMatchObject({ allowed: true, remaining: 0 });
      await l.record('b2', cap, 7);
      expect(await l.check('b2', cap)).toMatchObject({ allowed: true, remaining: 3 });
    });

    it('gives back released units, never below zero, without moving the window', async () => {
      const l = limiter();
      const cap = { max: 2, windowMs: 60_000 };
      expect((await l.consume('r', cap)).allowed).toBe(true);
      expect((await l.consume('r', cap)).allowed).toBe(true);
      const full = await l.consume('r', cap);
      expect(full.allowed).toBe(false);
      await l.release('r');
      const again = await l.consume('r', cap);
      expect(again).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      await l.release('r', 5);
      expect(await l.check('r', cap)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
      await l.release('never-used');
      expect(await l.check('never-used', cap)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    });

    it('reserve-then-release holds a cap under concurrency where check-then-record cannot', async () => {
      const l = limiter();
      const cap = { max: 5, windowMs: 60_000 };
      // 40 concurrent attempts that all fail: each reserves a unit first and keeps it.
      const attempts = await Promise.all(Array.from({ length: 40 }, () => l.consume('reserve', cap)));
      expect(attempts.filter((d) => d.allowed)).toHaveLength(5);
      // The same flood with check-then-record: every check runs before any record lands.
      const checks = await Promise.all(Array.from({ length: 40 }, () => l.check('naive', cap)));
      await Promise.all(checks.map(() => l.record('naive', cap)));
      expect(checks.filter((d) => d.allowed)).toHaveLength(40);
    });

    it('keeps keys apart and forgets one on reset', async () => {
      const l = limiter();
      const cap = { max: 1, windowMs: 60_000 };
      expect((await l.consume('ip:a', cap)).allowed).toBe(true);
      expect((await l.consume('ip:a', cap)).allowed).toBe(false);
      expect((await l.consume('ip:b', cap)).allowed).toBe(true);
      await l.reset('ip:a');
      expect((await l.consume('ip:a', cap)).allowed).toBe(true);
      expect((await l.consume('ip:b', cap)).allowed).toBe(false);
    });

    it('lets exactly max of many concurrent calls through', async () => {
      const l = limiter();
      const cap = { max: 7, windowMs: 60_000 };
      const results = await Promise.all(Array.from({ length: 30 }, () => l.consume('race', cap)));
      expect(results.filter((r) => r.allowed)).toHaveLength(7);
    });
  });
}

describe('Redis rate limiter across instances', () => {
  it('shares one counter between two instances with the same prefix, and none with another prefix', async () => {
    const prefix = `perch_t_rl_${crypto.randomBytes(6).toString('hex')}`;
    const a = createRedisRateLimiter(TEST_REDIS_URL, prefix);
    const b = createRedisRateLimiter(TEST_REDIS_URL, prefix);
    const other = createRedisRateLimiter(TEST_REDIS_URL, `${prefix}_other`);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const cap = { max: 4, windowMs: 60_000 };
      const decisions = [];
      for (let i = 0; i < 6; i++) decisions.push((await (i % 2 ? b : a).consume('shared', cap)).allowed);
      expect(decisions).toEqual([true, true, true, true, false, false]);
      expect((await other.consume('shared', cap)).allowed).toBe(true);
      // Counters live under the prefix, and expire with their window.
      expect(await redis.get(`${prefix}:rl:shared`)).toBe('4');
      const ttl = await redis.pttl(`${prefix}:rl:shared`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await redis.del(`${prefix}:rl:shared`, `${prefix}_other:rl:shared`);
      redis.disconnect();
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });
});
