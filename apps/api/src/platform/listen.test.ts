import crypto from 'node:crypto';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { MemoryEventBus, sessionEventKey, type SessionEvent } from './events';
import { listenTo } from './listen';
import { Shutdown } from './shutdown';

const event = (sessionId: string, state: SessionEvent['state'] = 'active'): SessionEvent => ({ sessionId, state, batchId: null, at: Date.now() });

function setUp() {
  const bus = new MemoryEventBus(sessionEventKey);
  const ctx = { shutdown: new Shutdown() };
  /** Everything the bus and the shutdown hold for open streams: zero once every stream has closed. */
  const held = () => ({ ...bus.listenerStats(), shutdown: ctx.shutdown.streamCount });
  return { bus, ctx, held };
}

const NOTHING_HELD = { unkeyed: 0, keys: 0, keyed: 0, shutdown: 0 };

describe('listenTo and the listener table', () => {
  it('hands a keyed listener its own key’s events only, and an unkeyed one every event', async () => {
    const { bus, ctx } = setUp();
    const mine = crypto.randomUUID();
    const other = crypto.randomUUID();
    const kiosk = listenTo(bus, ctx, undefined, mine);
    const admin = listenTo(bus, ctx, undefined);
    await bus.publish(event(other));
    await bus.publish(event(mine, 'ending'));
    expect(await kiosk.next()).toMatchObject({ sessionId: mine, state: 'ending' });
    expect((await admin.next())?.sessionId).toBe(other);
    expect((await admin.next())?.sessionId).toBe(mine);
    kiosk.stop();
    admin.stop();
  });

  it('keeps the events of one key in order for every listener of that key', async () => {
    const { bus, ctx } = setUp();
    const id = crypto.randomUUID();
    const first = listenTo(bus, ctx, undefined, id);
    const second = listenTo(bus, ctx, undefined, id);
    for (const state of ['active', 'locked', 'ending'] as const) await bus.publish(event(id, state));
    for (const listener of [first, second]) {
      const states = [];
      for (let i = 0; i < 3; i++) states.push((await listener.next())?.state);
      expect(states).toEqual(['active', 'locked', 'ending']);
      listener.stop();
    }
  });

  it('leaves nothing behind after 1,000 streams opened and closed, whichever way each ended', async () => {
    const { bus, ctx, held } = setUp();
    for (let i = 0; i < 1_000; i++) {
      const abort = new AbortController();
      const keyed = listenTo(bus, ctx, abort.signal, `session-${i % 7}`);
      const unkeyed = listenTo(bus, ctx, abort.signal);
      // A read is waiting when the stream ends, as it is for an idle kiosk.
      const reads = [keyed.next(), unkeyed.next()];
      if (i % 3 === 0) abort.abort();
      else if (i % 3 === 1) {
        keyed.stop();
        unkeyed.stop();
      } else {
        await bus.publish(event(`session-${i % 7}`));
        keyed.stop();
        unkeyed.stop();
      }
      await Promise.all(reads);
      expect(getEventListeners(abort.signal, 'abort')).toEqual([]);
    }
    expect(held()).toEqual(NOTHING_HELD);
  });

  it('ends every open stream with a 503 when shutdown begins, after what had already arrived', async () => {
    const { bus, ctx, held } = setUp();
    const id = crypto.randomUUID();
    const listeners = Array.from({ length: 5 }, () => listenTo(bus, ctx, undefined, id));
    await bus.publish(event(id, 'locked'));
    ctx.shutdown.begin();
    for (const listener of listeners) {
      expect((await listener.next())?.state).toBe('locked');
      await expect(listener.next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    }
    expect(held()).toEqual(NOTHING_HELD);
    // A stream opened while shutting down ends at once the same way, leaving no listener on its signal.
    const late = new AbortController();
    await expect(listenTo(bus, ctx, late.signal, id).next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(held()).toEqual(NOTHING_HELD);
    expect(getEventListeners(late.signal, 'abort')).toEqual([]);
  });

  it('ends quietly (null) when its client goes, even with a read waiting', async () => {
    const { bus, ctx, held } = setUp();
    const abort = new AbortController();
    const listener = listenTo(bus, ctx, abort.signal, 'a');
    const read = listener.next();
    abort.abort();
    expect(await read).toBeNull();
    expect(held()).toEqual(NOTHING_HELD);
  });

  it('refuses a keyed listener on a bus made without keys, rather than hand it every event', () => {
    const bus = new MemoryEventBus();
    expect(() => listenTo(bus, { shutdown: new Shutdown() }, undefined, 'a')).toThrow(/without keys/);
  });
});
