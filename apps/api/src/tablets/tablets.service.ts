import { TABLET_ONLINE_WINDOW_MS, type TabletSummary } from '@perch/shared';
import { asActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { iso, isoOrNull } from '../platform/time';
import type { Context, Services } from '../context';
import { inSessionTx, tryTransition } from '../sessions/lifecycle';
import { publishTablet, type TabletRow } from './tablet-events';

/** States in which a session occupies its tablet. */
export const ON_TABLET_STATES = ['active', 'locked', 'ending'] as const;

const notFound = () => new PerchError('NOT_FOUND', 'NOT_FOUND', 'That tablet was not found. It may have been retired.');

/** Online: its event stream is open and has been heard from recently (a crashed instance's stream lapses). */
export function isOnline(row: Pick<TabletRow, 'stream_id' | 'last_seen_at'>, now: number): boolean {
  return row.stream_id !== null && row.last_seen_at !== null && row.last_seen_at > now - TABLET_ONLINE_WINDOW_MS;
}

/** Enrolled tablets (retired ones are gone), in enrollment order, with who is on each now. */
export async function listTablets(ctx: Services): Promise<TabletSummary[]> {
  const now = ctx.now();
  const tablets = await ctx.db.selectFrom('tablets').selectAll().where('retired_at', 'is', null).orderBy('number').execute();
  if (tablets.length === 0) return [];
  const sessions = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'tablet_id', 'learner_name', 'state', 'expires_at'])
    .where('tablet_id', 'in', tablets.map((t) => t.id))
    .where('state', 'in', [...ON_TABLET_STATES])
    .where('expires_at', '>', now)
    .orderBy('redeemed_at', 'desc')
    .execute();
  return tablets.map((t) => {
    const session = sessions.find((s) => s.tablet_id === t.id);
    return {
      id: t.id,
      name: t.name,
      online: isOnline(t, now),
      lastSeenAt: isoOrNull(t.last_seen_at),
      createdAt: iso(t.created_at),
      currentSession: session
        ? { sessionId: session.id, learnerName: session.learner_name, state: session.state, sessionExpiresAt: iso(session.expires_at) }
        : null,
    };
  });
}

export async function renameTablet(ctx: Context & Acting, tabletId: string, name: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (db) => {
    const before = await db.selectFrom('tablets').select('name').where('id', '=', tabletId).where('retired_at', 'is', null).executeTakeFirst();
    if (!before) throw notFound();
    await db.updateTable('tablets').set({ name }).where('id', '=', tabletId).execute();
    await recordAudit(db, now, ctx.req, { ...asActor(ctx), action: 'tablet.rename', detail: { tabletId, from: before.name, to: name } });
  });
  await publishTablet(ctx, tabletId, 'renamed');
}

/**
 * Retires a tablet: its device cookie is refused from this moment (the token hashes are dropped in
 * the same UPDATE), the session running on it is force-ended, and its stream tells it so.
 */
export async function retireTablet(ctx: Context & Acting, tabletId: string): Promise<void> {
  await inSessionTx(ctx, async (tx) => {
    const retired = await tx.db
      .updateTable('tablets')
      .set({ retired_at: tx.now, token_hash: null, previous_token_hash: null, stream_id: null })
      .where('id', '=', tabletId)
      .where('retired_at', 'is', null)
      .returning(['name'])
      .executeTakeFirst();
    if (!retired) throw notFound();
    await recordAudit(tx.db, tx.now, ctx.req, { ...asActor(ctx), action: 'tablet.retire', detail: { tabletId, name: retired.name } });
    const running = await tx.db.selectFrom('sessions').select('id').where('tablet_id', '=', tabletId).where('state', 'in', [...ON_TABLET_STATES]).execute();
    for (const { id } of running) {
      await tryTransition(tx, {
        to: 'revoked',
        target: { id },
        // Forced, like the audit entry says: a retired tablet is no longer the school's to say goodbye on.
        set: { end_reason: `${retired.name} was retired.`, end_kind: 'forced' },
        audit: { ...asActor(ctx), action: 'session.force_end', detail: { reason: 'tablet retired', tabletId } },
        req: ctx.req,
      });
    }
  });
  await publishTablet(ctx, tabletId, 'retired');
}
