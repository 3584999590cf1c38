import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KioskSession } from '@perch/shared';
import { DIALECTS, createTestServices, fakeClient, signedInAdmin, startTestServer, type TestServices } from '../test/harness';
import { startOwnRedis, type OwnRedis } from '../test/redis-server';
import { addLearner, tick } from '../sessions/test-fixtures';
import type { EventBus, SessionEvent } from './events';
import { createRedisEventBus } from './redis';

const event = (state: SessionEvent['state'], sessionId: string = crypto.randomUUID()): SessionEvent => ({
  sessionId,
  state,
  batchId: null,
  at: Date.now(),
});

/** Listens from now on; `seen(id)` says whether an event of that session has arrived. */
function listen(bus: EventBus) {
  const controller = new AbortController();
  const received: SessionEvent[] = [];
  const iterator = bus.stream(controller.signal)[Symbol.asyncIterator]();
  void (async () => {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) received.push(next.value);
  })();
  return {
    received,
    seen: (sessionId: string) => received.some((e) => e.sessionId === sessionId),
    stop: () => controller.abort(),
  };
}

/** Polls until `check` holds; fails the test (not on speed: after a generous bound) if it never does. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, boundMs = 15_000) {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await tick(50);
  }
}

describe('Redis event bus when Redis goes away (a redis-server of our own)', () => {
  let redis: OwnRedis;
  const opened: EventBus[] = [];
  const bus = () => {
    const b = createRedisEventBus(redis.url, `perch_t_deg_${crypto.randomBytes(4).toString('hex')}`);
    opened.push(b);
    return b;
  };
  const pair = () => {
    const prefix = `perch_t_deg_${crypto.randomBytes(4).toString('hex')}`;
    const a = createRedisEventBus(redis.url, prefix);
    const b = createRedisEventBus(redis.url, prefix);
    opened.push(a, b);
    return [a, b] as const;
  };

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
    redis.thaw();
  });
  afterAll(() => redis?.stop());

  it('delivers locally while Redis is down, then shares again by itself once it is back', async () => {
    const [a, b] = pair();
    const onA = listen(a);
    const onB = listen(b);
    const bothShared = async () => (await a.health()) === 'shared' && (await b.health()) === 'shared';
    await eventually('both connected and subscribed', bothShared);
    const before = crypto.randomUUID();
    await a.publish(event('active', before));
    await eventually('B hears A through Redis', () => onB.seen(before));

    await redis.stop();
    await eventually('A notices Redis is gone', async () => (await a.health()) === 'degraded');
    const during = crypto.randomUUID();
    await a.publish(event('ending', during));
    // Local delivery: the publisher's own listeners (the admin page and kiosks on this instance) still hear it.
    await eventually('A hears its own event', () => onA.seen(during));
    expect(onB.seen(during)).toBe(false);

    await redis.start();
    await eventually('both reconnect and resubscribe', bothShared);
    const after = crypto.randomUUID();
    await a.publish(event('ended', after));
    await eventually('B hears A again', () => onB.seen(after));
    expect(onA.received.filter((e) => e.sessionId === after)).toHaveLength(1);
    onA.stop();
    onB.stop();
  });

  it('gives up on a silent Redis (SIGSTOP) within the publish budget, delivers locally, and once', async () => {
    const a = bus();
    const onA = listen(a);
    await eventually('connected', async () => (await a.health()) === 'shared');
    redis.freeze();
    const id = crypto.randomUUID();
    // Would hang for good if publish waited on Redis: it is connected but will never answer.
    await a.publish(event('ending', id));
    await eventually('A hears its own event', () => onA.seen(id));
    expect(await a.health()).toBe('degraded');

    // Once Redis wakes up, the publish it was sitting on goes through after all: heard once, not twice.
    redis.thaw();
    const probe = crypto.randomUUID();
    await eventually('Redis answers again', async () => (await a.health()) === 'shared');
    await a.publish(event('active', probe));
    await eventually('the probe comes back through Redis', () => onA.seen(probe));
    expect(onA.received.filter((e) => e.sessionId === id)).toHaveLength(1);
    onA.stop();
  });

  it('starts with Redis down, publishes locally, and joins once Redis comes up', async () => {
    await redis.stop();
    const a = bus();
    const onA = listen(a);
    const id = crypto.randomUUID();
    await a.publish(event('pending', id));
    await eventually('A hears its own event', () => onA.seen(id));
    expect(await a.health()).toBe('degraded');
    await redis.start();
    await eventually('joined', async () => (await a.health()) === 'shared');
    onA.stop();
  });
});

for (const dialect of DIALECTS) {
  describe(`admin and kiosk actions with Redis down (${dialect})`, () => {
    let redis: OwnRedis;
    let base: TestServices;
    let services: TestServices;

    beforeAll(async () => {
      redis = await startOwnRedis();
      base = await createTestServices(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
      // Live events through our own Redis; counters stay in memory (the rate limiter's own
      // degraded mode is tested with it).
      services = { ...base, events: createRedisEventBus(redis.url, base.testId) };
    });
    afterAll(async () => {
      await services?.events.close();
      await base?.close();
      await redis?.stop();
    });

    it('ends a session at once and tells this instance’s kiosk; /readyz stays ready, saying Redis is degraded', async () => {
      const admin = await signedInAdmin(services);
      const minted = await admin.caller.sessions.start({ learnerId: (await addLearner(services)).id });
      const kiosk = fakeClient(services, { ip: '198.51.100.7' });
      await kiosk.caller.kiosk.redeem({ code: minted.redemptionCode });
      const states: KioskSession['state'][] = [];
      const feed = (async () => {
        for await (const s of await kiosk.caller.kiosk.events()) states.push(s.state);
      })();
      await eventually('the kiosk stream is open', () => states.includes('active'));

      await redis.stop();
      await admin.caller.sessions.end({ sessionId: minted.sessionId });
      await eventually('the kiosk on this instance hears the end', () => states.includes('ending'));

      const server = await startTestServer(services);
      try {
        const res = await fetch(`${server.url}/readyz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ready: true, database: 'ok', redis: 'degraded', shuttingDown: false });
      } finally {
        await server.close();
      }

      await admin.caller.sessions.forceEnd({ sessionId: minted.sessionId, reason: 'Tablet needed elsewhere' });
      await feed;
      // The stream repeats the current state on each event of its session; what matters is the sequence.
      expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['active', 'ending', 'revoked']);
    });
  });
}
