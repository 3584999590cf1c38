import type { KioskDeviceEvent } from '@perch/shared';
import type { Selectable } from 'kysely';
import type { TabletsTable } from '../db/schema';
import type { Services } from '../context';
import { listenTo } from '../platform/listen';
import crypto from 'node:crypto';

export type TabletRow = Selectable<TabletsTable>;

/** A tablet changed: ids only, listeners read what they may see from the database. */
export interface TabletEvent {
  tabletId: string;
  /** `session`: an admin sent it a session (`sessionId`), which it opens with kiosk.claim. */
  kind: 'enrolled' | 'renamed' | 'retired' | 'online' | 'offline' | 'session';
  sessionId?: string;
  at: number;
}

/** The tablet an event is about: a tablet's own stream hears only its own events. */
export const tabletEventKey = (event: TabletEvent) => event.tabletId;

/** Publishes after the change has committed; a lost live update only delays a screen's refresh. */
export async function publishTablet(ctx: Pick<Services, 'tabletEvents' | 'now'>, tabletId: string, kind: TabletEvent['kind'], sessionId?: string) {
  try {
    await ctx.tabletEvents.publish({ tabletId, kind, at: ctx.now(), ...(sessionId ? { sessionId } : {}) });
  } catch (err) {
    console.error('[perch] could not publish a tablet event:', err);
  }
}

/** The session sent to this tablet that it has not opened yet, if any (as a list of at most one id). */
async function sentSessionFor(ctx: Pick<Services, 'db' | 'now'>, tabletId: string): Promise<string[]> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('tablet_id', '=', tabletId)
    .where('state', '=', 'pending')
    .where('code_expires_at', '>', ctx.now())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? [row.id] : [];
}

async function readTablet(ctx: Pick<Services, 'db'>, id: string): Promise<TabletRow | undefined> {
  return ctx.db.selectFrom('tablets').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * An enrolled tablet's own stream: who it is now and after each rename, until it is retired (the
 * last event). While it is open the tablet counts as online: the stream claims the tablet's row,
 * the instance's heartbeat renews it (tablets/heartbeats.ts), and it marks the tablet offline when
 * it closes, unless a newer stream of the same tablet has taken over meanwhile.
 */
export async function* kioskDeviceEvents(ctx: Services, tablet: TabletRow, signal: AbortSignal | undefined): AsyncGenerator<KioskDeviceEvent> {
  const listener = listenTo(ctx.tabletEvents, ctx, signal, tablet.id);
  const streamId = crypto.randomUUID();
  try {
    await ctx.db.updateTable('tablets').set({ stream_id: streamId, last_seen_at: ctx.now() }).where('id', '=', tablet.id).where('retired_at', 'is', null).execute();
    ctx.heartbeats.start(streamId);
    await publishTablet(ctx, tablet.id, 'online');
    let current = (await readTablet(ctx, tablet.id)) ?? tablet;
    // A session sent while the stream was down (a reconnect) is still offered.
    const waiting = await sentSessionFor(ctx, tablet.id);
    for (;;) {
      if (current.retired_at !== null) {
        yield { kind: 'retired' };
        return;
      }
      yield { kind: 'tablet', tablet: { id: current.id, name: current.name } };
      if (waiting.length > 0) yield { kind: 'session', sessionId: waiting.shift()! };
      let changed = false;
      while (!changed) {
        const event = await listener.next();
        if (event === null) return;
        if (event.kind === 'session' && event.sessionId) yield { kind: 'session', sessionId: event.sessionId };
        else changed = event.kind === 'renamed' || event.kind === 'retired';
      }
      current = (await readTablet(ctx, tablet.id)) ?? { ...current, retired_at: ctx.now() };
    }
  } finally {
    listener.stop();
    ctx.heartbeats.stop(streamId);
    const closed = await ctx.db
      .updateTable('tablets')
      .set({ stream_id: null, last_seen_at: ctx.now() })
      .where('id', '=', tablet.id)
      .where('stream_id', '=', streamId)
      .executeTakeFirst()
      .catch(() => null);
    if (closed && Number(closed.numUpdatedRows) > 0) await publishTablet(ctx, tablet.id, 'offline');
  }
}

/** The Tablets page's live feed: which tablet changed (the page reads the list again). */
export async function* adminTabletEvents(ctx: Pick<Services, 'tabletEvents' | 'shutdown'>, signal: AbortSignal | undefined): AsyncGenerator<{ tabletId: string }> {
  const listener = listenTo(ctx.tabletEvents, ctx, signal);
  try {
    for (let event = await listener.next(); event; event = await listener.next()) yield { tabletId: event.tabletId };
  } finally {
    listener.stop();
  }
}
