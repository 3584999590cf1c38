import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../test/harness';
import { MemoryEventBus, type EventBus, type SessionEvent } from './events';
import { createRedisEventBus } from './redis';

const event = (state: SessionEvent['state'], sessionId: string = crypto.randomUUID()): SessionEvent => ({
  sessionId,
  state,
  batchId: null,
  at: Date.now(),
});

/**
 * Starts listening at once (the listener is attached on the first `next()`), and resolves with
 * the first `count` events whose session is in `sessionIds`.
 */
function collect(bus: EventBus, count: number, sessionIds: Set<string>, timeoutMs = 5_000) {
  const controller = new AbortController();
  const iterator = bus.stream(controller.signal)[Symbol.asyncIterator]();
  const first = iterator.next();
  const received: SessionEvent[] = [];
  const done = (async () => {
    let next = first;
    for (;;) {
      const { value, done } = await next;
      if (done) return received;
      if (sessionIds.has(value.sessionId)) received.push(value);
      if (received.length >= count) {
        controller.abort();
        return received;
      }
      next = iterator.next();
    }
  })();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  return done.finally(() => clearTimeout(timer));
}

const opened: EventBus[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((b) => b.close()));
});
const redisBus = (prefix: string) => {
  const bus = createRedisEventBus(TEST_REDIS_URL, prefix);
  opened.push(bus);
  return bus;
};

describe('MemoryEventBus', () => {
  it('delivers each event, in order, to every subscriber', async () => {
    const bus = new MemoryEventBus();
    opened.push(bus);
    const id = crypto.randomUUID();
    const one = collect(bus, 3, new Set([id]));
    const two = collect(bus, 3, new Set([id]));
    for (const state of ['pending', 'active', 'locked'] as const) await bus.publish(event(state, id));
    expect((await one).map((e) => e.state)).toEqual(['pending', 'active', 'locked']);
    expect((await two).map((e) => e.state)).toEqual(['pending', 'active', 'locked']);
  });

  it('ends a stream when its signal aborts', async () => {
    const bus = new MemoryEventBus();
    opened.push(bus);
    const controller = new AbortController();
    const iterator = bus.stream(controller.signal)[Symbol.asyncIterator]();
    const next = iterator.next();
    expect(bus.listenerStats()).toEqual({ unkeyed: 1, keys: 0, keyed: 0 });
    controller.abort();
    await expect(next).resolves.toMatchObject({ done: true });
    expect(bus.listenerStats()).toEqual({ unkeyed: 0, keys: 0, keyed: 0 });
  });
});

describe('RedisEventBus (real Redis)', () => {
  it('delivers an event published on one instance to a subscriber on another', async () => {
    const prefix = `perch_t_ev_${crypto.randomBytes(6).toString('hex')}`;
    const serverA = redisBus(prefix);
    const serverB = redisBus(prefix);
    const id = crypto.randomUUID();
    const probe = crypto.randomUUID();

    const onB = collect(serverB, 3, new Set([id, probe]));
    const onA = collect(serverA, 2, new Set([id]));
    // B's own publish waits for B's subscription, so after it B cannot miss what A sends.
    await serverB.publish(event('pending', probe));
    await serverA.publish(event('active', id));
    await serverA.publish(event('ending', id));

    const seenByB = await onB;
    expect(seenByB.map((e) => [e.sessionId, e.state])).toEqual([
      [probe, 'pending'],
      [id, 'active'],
      [id, 'ending'],
    ]);
    // The publisher's own subscribers hear it too: events go out through Redis and come back.
    expect((await onA).map((e) => e.state)).toEqual(['active', 'ending']);
  });

  it('keeps deployments with different prefixes apart', async () => {
    const prefix = `perch_t_ev_${crypto.randomBytes(6).toString('hex')}`;
    const mine = redisBus(prefix);
    const theirs = redisBus(`${prefix}_other`);
    const mineId = crypto.randomUUID();
    const theirId = crypto.randomUUID();
    const heard = collect(mine, 2, new Set([mineId, theirId]), 1_500);
    await mine.publish(event('pending', mineId)); // also proves `mine` is subscribed
    await theirs.publish(event('active', theirId));
    await mine.publish(event('active', mineId));
    expect((await heard).map((e) => e.sessionId)).toEqual([mineId, mineId]);
  });
});
