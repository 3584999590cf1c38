import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOwnRedis, untilShared, type OwnRedis } from '../test/redis-server';
import { RedisRateLimiter } from './redis-rate-limiter';
import type { AcquireStep, RateLimiter, ThrottleRule } from './rate-limiter';

/** Records the limiter's degraded-mode lines instead of printing them. */
function recorder() {
  const lines: string[] = [];
  return { lines, log: { warn: (l: string) => void lines.push(`warn ${l}`), log: (l: string) => void lines.push(`log ${l}`) } };
}

async function fail(limiter: RateLimiter, rules: ThrottleRule[]): Promise<AcquireStep['kind']> {
  const step = await limiter.acquire(rules, 30_000);
  if (step.kind === 'granted') await limiter.settle(step.lease, true);
  return step.kind;
}

// A redis-server of this suite's own, stopped, frozen and started again mid-test.
describe('Redis limiter while Redis is away', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(() => redis?.stop());

  it('keeps counting in memory while Redis is down (global ceilings divided, per-key caps whole) and shares again once it is back', async () => {
    const prefix = 'perch_t_degraded';
    const logA = recorder();
    const a = new RedisRateLimiter(redis.url, { prefix, instances: 2, log: logA.log });
    const b = new RedisRateLimiter(redis.url, { prefix, instances: 2, log: recorder().log });
    const raw = new Redis(redis.url, { lazyConnect: true });
    const global: ThrottleRule = { key: 'redeem:global', limit: { max: 6, windowMs: 60_000, global: true } };
    const perKey = { max: 4, windowMs: 60_000 };
    try {
      // Shared while Redis is up: A's failure refuses B.
      expect(await fail(a, [{ key: 'one', limit: { max: 1, windowMs: 60_000 } }])).toBe('granted');
      expect((await b.acquire([{ key: 'one', limit: { max: 1, windowMs: 60_000 } }], 30_000)).kind).toBe('refused');

      await redis.stop();
      // Down: each instance gets its share of the global ceiling, 6 / 2 = 3 failures...
      const kinds = [];
      for (let i = 0; i < 4; i++) kinds.push(await fail(a, [global]));
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'refused']);
      expect(await fail(b, [global])).toBe('granted'); // B counts its own share
      // ...and a per-key cap whole, not divided.
      const starts = [];
      for (let i = 0; i < 5; i++) starts.push((await a.consume('start:admin', perKey)).allowed);
      expect(starts).toEqual([true, true, true, true, false]);
      // A lease taken now is settled after Redis returns.
      const lease = await a.acquire([{ key: 'late', limit: { max: 5, windowMs: 60_000 } }], 30_000);
      expect(a.isDegraded).toBe(true);
      expect(logA.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
      expect(logA.lines[0]).toMatch(/Redis did not answer .*PERCH_INSTANCES=2/);

      await redis.start();
      await untilShared(a);
      await untilShared(b);
      expect(logA.lines.filter((l) => l.startsWith('log'))).toEqual([
        'log [perch] Redis answers again: rate limits are shared between instances again.',
      ]);
      // Shared again (the restarted Redis lost its data, as one without persistence does).
      for (let i = 0; i < 4; i++) expect((await (i % 2 ? b : a).consume('start:admin2', perKey)).allowed).toBe(true);
      expect((await b.consume('start:admin2', perKey)).allowed).toBe(false);
      await raw.connect();
      expect(await raw.get(`${prefix}:rl:start:admin2`)).toBe('4');
      // The failure of the attempt leased in memory is counted in Redis, where everyone sees it.
      expect(lease.kind).toBe('granted');
      if (lease.kind === 'granted') await a.settle(lease.lease, true);
      expect(await raw.get(`${prefix}:th:late:f`)).toBe('1');
      expect(logA.lines).toHaveLength(2);
    } finally {
      raw.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('falls back after the command timeout when Redis hangs, instead of waiting for it', async () => {
    const log = recorder();
    const limiter = new RedisRateLimiter(redis.url, { prefix: 'perch_t_hung', instances: 1, log: log.log });
    const cap = { max: 2, windowMs: 60_000 };
    try {
      expect((await limiter.consume('k', cap)).allowed).toBe(true);
      redis.freeze();
      // Without a command timeout these would wait for as long as Redis stays frozen.
      const answers = await Promise.all([limiter.consume('k', cap), limiter.consume('k', cap), limiter.consume('k', cap)]);
      expect(answers.map((d) => d.allowed)).toEqual([true, true, false]);
      expect(limiter.isDegraded).toBe(true);
      expect(log.lines[0]).toMatch(/no answer within 100 ms/);
    } finally {
      redis.thaw();
    }
    await untilShared(limiter);
    await limiter.close();
  });

  it('starts in memory when Redis is unreachable from the start, without failing a call', async () => {
    const log = recorder();
    const unreachable = new RedisRateLimiter('redis://127.0.0.1:1', { prefix: 'perch_t_none', instances: 1, log: log.log });
    try {
      expect((await unreachable.consume('k', { max: 1, windowMs: 60_000 })).allowed).toBe(true);
      expect((await unreachable.consume('k', { max: 1, windowMs: 60_000 })).allowed).toBe(false);
      expect(await fail(unreachable, [{ key: 'f', limit: { max: 1, windowMs: 60_000 } }])).toBe('granted');
      expect(await fail(unreachable, [{ key: 'f', limit: { max: 1, windowMs: 60_000 } }])).toBe('refused');
      expect(log.lines).toHaveLength(1);
    } finally {
      await unreachable.close();
    }
  });
});
