import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { THROTTLE } from '@perch/shared';
import { TEST_REDIS_URL } from '../test/harness';
import { MemoryRateLimiter, holdAttempt, type HoldOptions, type RateLimiter, type ThrottleRule } from './rate-limiter';
import { RedisRateLimiter } from './redis-rate-limiter';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const newPrefix = () => `perch_t_rl_${crypto.randomBytes(6).toString('hex')}`;

interface Store {
  limiter: RateLimiter;
  /** Lets `ms` pass for the store: the memory store's clock moves, Redis's time really passes. */
  pass(ms: number): Promise<void>;
}

/** The same contract, run against each store; the Redis one talks to the real server on this machine. */
const STORES: [string, () => Store][] = [
  [
    'memory',
    () => {
      let offset = 0;
      const limiter = new MemoryRateLimiter({ now: () => Date.now() + offset });
      return { limiter, pass: async (ms) => void (offset += ms) };
    },
  ],
  ['redis', () => ({ limiter: new RedisRateLimiter(TEST_REDIS_URL, { prefix: newPrefix(), instances: 1 }), pass: sleep })],
];

const opened: RateLimiter[] = [];
afterAll(async () => {
  await Promise.all(opened.map((l) => l.close()));
});

const HOLD: HoldOptions = { ...THROTTLE };
const rule = (key: string, max: number, windowMs = 60_000): ThrottleRule => ({ key, limit: { max, windowMs } });

for (const [name, create] of STORES) {
  describe(`rate limiter caps (${name})`, () => {
    const store = () => {
      const s = create();
      opened.push(s.limiter);
      return s;
    };

    it('counts up to the cap, then refuses, and a refused call counts nothing', async () => {
      const { limiter: l } = store();
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

    it('opens a fresh window once the old one has passed; the window starts at the first unit', async () => {
      const { limiter: l, pass } = store();
      // Wide margins: a loaded machine may oversleep by a few hundred milliseconds.
      const cap = { max: 2, windowMs: 1_200 };
      expect((await l.consume('w', cap)).allowed).toBe(true);
      await pass(300);
      expect((await l.consume('w', cap)).allowed).toBe(true); // does not push the window back
      expect((await l.consume('w', cap)).allowed).toBe(false);
      await pass(1_000); // 1.3 s after the first unit, 1 s after the second
      expect(await l.consume('w', cap)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    });

    it('weighs a call by its cost', async () => {
      const { limiter: l } = store();
      const cap = { max: 10, windowMs: 60_000 };
      expect(await l.consume('b', cap, 4)).toMatchObject({ allowed: true, remaining: 6 });
      expect(await l.consume('b', cap, 4)).toMatchObject({ allowed: true, remaining: 2 });
      expect((await l.consume('b', cap, 3)).allowed).toBe(false);
      expect((await l.consume('b', cap, 11)).allowed).toBe(false);
      expect(await l.consume('b', cap, 2)).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('gives back released units, never below zero, without moving the window', async () => {
      const { limiter: l } = store();
      const cap = { max: 2, windowMs: 60_000 };
      expect((await l.consume('r', cap)).allowed).toBe(true);
      expect((await l.consume('r', cap)).allowed).toBe(true);
      expect((await l.consume('r', cap)).allowed).toBe(false);
      await l.release('r');
      expect(await l.consume('r', cap)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      await l.release('r', 5);
      expect(await l.consume('r', cap, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
      await l.release('never-used');
      expect(await l.consume('never-used', cap, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    });

    it('lets exactly max of many concurrent calls through, and keeps keys apart', async () => {
      const { limiter: l } = store();
      const cap = { max: 7, windowMs: 60_000 };
      const results = await Promise.all(Array.from({ length: 30 }, () => l.consume('race', cap)));
      expect(results.filter((r) => r.allowed)).toHaveLength(7);
      expect((await l.consume('other', cap)).allowed).toBe(true);
    });
  });

  describe(`rate limiter failure throttles (${name})`, () => {
    const store = () => {
      const s = create();
      opened.push(s.limiter);
      return s;
    };
    const settleAll = (holds: Awaited<ReturnType<typeof holdAttempt>>[], failed: boolean) =>
      Promise.all(holds.map((h) => (h.granted ? h.settle(failed) : undefined)));

    it('never counts a success, however many run at once', async () => {
      const { limiter: l } = store();
      const rules = [rule('ok', 5)];
      // 50 attempts at once, each succeeding a moment after it is let in.
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const hold = await holdAttempt(l, rules, HOLD);
          if (hold.granted) await sleep(2).then(() => hold.settle(false));
          return hold.granted;
        }),
      );
      expect(outcomes.every(Boolean)).toBe(true);
      // The whole budget is still there: 5 failures are checked, the 6th attempt is refused.
      for (let i = 0; i < 5; i++) {
        const hold = await holdAttempt(l, rules, HOLD);
        expect(hold.granted).toBe(true);
        if (hold.granted) await hold.settle(true);
      }
      const refused = await holdAttempt(l, rules, HOLD);
      expect(refused).toMatchObject({ granted: false, rule: rules[0] });
      expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(59_000);
    });

    it('checks at most max of a burst of simultaneous failures and refuses the rest', async () => {
      const { limiter: l } = store();
      const rules = [rule('burst', 5)];
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, async () => {
          const hold = await holdAttempt(l, rules, HOLD);
          if (!hold.granted) return hold.rule === rules[0] ? 'refused' : 'busy';
          await sleep(2);
          await hold.settle(true);
          return 'checked';
        }),
      );
      expect(outcomes.filter((o) => o === 'checked')).toHaveLength(5);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(35);
    });

    it('makes an attempt wait while an attempt in flight fills a rule: let in if that one succeeds, refused if it fails', async () => {
      const { limiter: l } = store();
      const rules = [rule('wait', 1)];
      const first = await holdAttempt(l, rules, HOLD);
      expect(first.granted).toBe(true);
      const second = holdAttempt(l, rules, HOLD); // waits: the first may still succeed
      await settleAll([first], false);
      const secondHold = await second;
      expect(secondHold.granted).toBe(true);
      const third = holdAttempt(l, rules, HOLD); // waits on the second
      await settleAll([secondHold], true);
      expect(await third).toMatchObject({ granted: false, rule: rules[0] });
    });

    it('gives up waiting after waitMaxMs with a busy refusal that names no rule', async () => {
      const { limiter: l } = store();
      const rules = [rule('stuck', 1)];
      const held = await holdAttempt(l, rules, HOLD);
      const busy = await holdAttempt(l, rules, { ...HOLD, waitMaxMs: 60 });
      expect(busy).toEqual({ granted: false, rule: null, retryAfterMs: THROTTLE.busyRetryAfterMs });
      await settleAll([held], false);
      expect((await holdAttempt(l, rules, HOLD)).granted).toBe(true);
    });

    it('leases every rule or none: a refusal on one rule holds nothing on the others', async () => {
      const { limiter: l } = store();
      const narrow = rule('narrow', 1);
      const wide = rule('wide', 3);
      const failing = await l.acquire([narrow], 30_000);
      expect(failing.kind).toBe('granted');
      if (failing.kind === 'granted') await l.settle(failing.lease, true);
      for (let i = 0; i < 5; i++) expect(await l.acquire([wide, narrow], 30_000)).toMatchObject({ kind: 'refused', rule: narrow });
      // Had the refusals leased `wide`, it would be busy after one lease.
      const steps = [await l.acquire([wide], 30_000), await l.acquire([wide], 30_000), await l.acquire([wide], 30_000)];
      expect(steps.map((s) => s.kind)).toEqual(['granted', 'granted', 'granted']);
      expect((await l.acquire([wide], 30_000)).kind).toBe('busy');
    });

    it('lets a lease lapse, so an attempt whose holder died cannot block its key for good', async () => {
      const { limiter: l, pass } = store();
      const rules = [rule('crash', 1)];
      expect((await l.acquire(rules, 200)).kind).toBe('granted'); // never settled
      expect((await l.acquire(rules, 200)).kind).toBe('busy');
      await pass(400);
      expect((await l.acquire(rules, 200)).kind).toBe('granted');
    });

    it('forgets failures once their window has passed; the window starts at the first failure', async () => {
      const { limiter: l, pass } = store();
      const rules = [rule('window', 2, 1_200)];
      for (const gap of [0, 300]) {
        await pass(gap);
        const hold = await holdAttempt(l, rules, HOLD);
        if (hold.granted) await hold.settle(true);
      }
      expect((await holdAttempt(l, rules, HOLD)).granted).toBe(false);
      await pass(1_000); // 1.3 s after the first failure
      expect((await holdAttempt(l, rules, HOLD)).granted).toBe(true);
    });

    it('reports a key’s failures and time left, and forgives them (an admin’s Unblock)', async () => {
      const { limiter: l } = store();
      const r = rule('forgive-me', 2);
      expect(await l.failures(r.key)).toEqual({ failures: 0, retryAfterMs: 0 });
      for (let i = 0; i < 2; i++) {
        const step = await l.acquire([r], HOLD.leaseMs);
        if (step.kind !== 'granted') throw new Error('expected a lease');
        await l.settle(step.lease, true);
      }
      const held = await l.failures(r.key);
      expect(held.failures).toBe(2);
      expect(held.retryAfterMs).toBeGreaterThan(50_000);
      expect((await l.acquire([r], HOLD.leaseMs)).kind).toBe('refused');
      await l.forgive(r.key);
      expect(await l.failures(r.key)).toEqual({ failures: 0, retryAfterMs: 0 });
      expect((await l.acquire([r], HOLD.leaseMs)).kind).toBe('granted');
    });
  });
}

describe('memory limiter share of a global limit', () => {
  it('enforces max / instances (at least 1) for a global limit and the whole max for a per-key one', async () => {
    const l = new MemoryRateLimiter({ instances: 3 });
    const global = { max: 10, windowMs: 60_000, global: true };
    const results = await Promise.all(Array.from({ length: 10 }, () => l.consume('g', global)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    const perKey = { max: 10, windowMs: 60_000 };
    expect((await l.consume('k', perKey, 10)).allowed).toBe(true);
    const tiny = { max: 2, windowMs: 60_000, global: true };
    expect((await l.consume('t', tiny)).allowed).toBe(true);
    expect((await l.consume('t', tiny)).allowed).toBe(false);
    for (let i = 0; i < 3; i++) {
      const step = await l.acquire([{ key: 'f', limit: global }], 30_000);
      if (step.kind === 'granted') await l.settle(step.lease, true);
    }
    expect(await l.acquire([{ key: 'f', limit: global }], 30_000)).toMatchObject({ kind: 'refused' });
  });
});

describe('Redis rate limiter across instances', () => {
  it('shares caps and throttles between instances with the same prefix, and none with another prefix', async () => {
    const prefix = newPrefix();
    const a = new RedisRateLimiter(TEST_REDIS_URL, { prefix, instances: 1 });
    const b = new RedisRateLimiter(TEST_REDIS_URL, { prefix, instances: 1 });
    const other = new RedisRateLimiter(TEST_REDIS_URL, { prefix: `${prefix}_other`, instances: 1 });
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

      // A lease taken on A keeps B waiting; a failure settled on B refuses A.
      const rules = [rule('login', 1)];
      const onA = await a.acquire(rules, 30_000);
      expect(onA.kind).toBe('granted');
      expect((await b.acquire(rules, 30_000)).kind).toBe('busy');
      expect((await other.acquire(rules, 30_000)).kind).toBe('granted');
      expect(await redis.zcard(`${prefix}:th:login:l`)).toBe(1);
      if (onA.kind === 'granted') await b.settle(onA.lease, true);
      expect(await redis.get(`${prefix}:th:login:f`)).toBe('1');
      expect(await redis.zcard(`${prefix}:th:login:l`)).toBe(0);
      expect(await a.acquire(rules, 30_000)).toMatchObject({ kind: 'refused', rule: rules[0] });
    } finally {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });
});
