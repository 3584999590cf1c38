import { KIOSK_COOKIE, type GuestAgeBand, type KioskSession, type RedeemOutput, type SessionEndKind, type SessionState } from '@perch/shared';
import { sessionDeviceActor } from '../audit/actor';
import { hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import { endKindOf, inSessionTx, isFinal, refusal, tryTransition, type SessionRow } from '../sessions/lifecycle';
import { iso, isoOrNull } from '../platform/time';
import { listenToSessions } from '../sessions/session-events';

export type { SessionRow };

/** A kiosk may act (touch, finish) only while its session runs. */
export const KIOSK_ACTING_STATES: readonly SessionState[] = ['active', 'locked'];
/** It may still read its session while an admin's end plays out, to show the goodbye. */
export const KIOSK_READING_STATES: readonly SessionState[] = [...KIOSK_ACTING_STATES, 'ending'];

/**
 * The session a kiosk cookie belongs to when it is in one of `states`; null when it is unknown, in
 * another state, past its end, or presented by another device than the one that redeemed it.
 */
export async function findKioskSession(
  ctx: Services,
  token: string,
  device: string,
  states: readonly SessionState[],
): Promise<SessionRow | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('device_hash', '=', device)
    .where('state', 'in', [...states])
    // Past its end is over even before the sweeper has marked it so.
    .where('expires_at', '>', ctx.now())
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Whether the session a refused kiosk cookie belongs to was force-ended: its tablet is told so
 * (SESSION_FORCE_ENDED), so that a force end it learns by polling skips the goodbye too.
 */
export async function wasForceEnded(ctx: Services, token: string, device: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('sessions')
    .select('id')
    .where('token_hash', '=', hashToken(token))
    .where('device_hash', '=', device)
    .where('end_kind', '=', 'forced')
    .executeTakeFirst();
  return row !== undefined;
}

/** What a redeem (or a claim) answers: enough for the session screen to show at once. */
export function redeemAnswer(row: SessionRow): RedeemOutput {
  return { learnerName: row.learner_name, sessionExpiresAt: iso(row.expires_at), guestAgeBand: row.guest_age_band as GuestAgeBand | null };
}

/** What a kiosk may know of its own session, with the server's clock for its countdown. */
export function toKioskSession(row: SessionRow, now: number): KioskSession {
  return {
    sessionId: row.id,
    learnerName: row.learner_name,
    state: row.state,
    sessionExpiresAt: iso(row.expires_at),
    idleLockMin: row.idle_lock_min,
    lastActivityAt: isoOrNull(row.last_activity_at),
    serverTime: iso(now),
    guestAgeBand: row.guest_age_band as GuestAgeBand | null,
    endKind: endKindOf(row),
  };
}

async function readSession(ctx: Pick<Services, 'db'>, sessionId: string): Promise<SessionRow | undefined> {
  return ctx.db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
}


/** The learner is using the tablet: note the time, and unlock an idle-locked session. */
export async function touchKioskSession(ctx: Context, session: SessionRow): Promise<SessionRow> {
  const now = ctx.now();
  const bumped = await ctx.db
    .updateTable('sessions')
    .set({ last_activity_at: now, updated_at: now })
    .where('id', '=', session.id)
    .where('state', '=', 'active')
    .returningAll()
    .executeTakeFirst();
  if (bumped) return bumped;
  const unlocked = await inSessionTx(ctx, (tx) =>
    tryTransition(tx, {
      to: 'active',
      target: { id: session.id },
      guard: (eb) => eb('state', '=', 'locked'),
      set: { last_activity_at: tx.now },
      audit: { ...sessionDeviceActor(session), action: 'session.unlock' },
      req: ctx.req,
    }),
  );
  // Neither active nor locked (ending, or over meanwhile): nothing to touch; report how it stands.
  return unlocked ?? (await readSession(ctx, session.id)) ?? session;
}

/**
 * The learner ends their own session: it goes to `ending`, and its token is forgotten in the same
 * UPDATE, so the cookie (cleared here, but a copy may survive) no longer opens anything, not even
 * a read: the tablet already knows it finished.
 */
export async function finishKioskSession(ctx: Context, session: SessionRow): Promise<SessionRow> {
  const row = await inSessionTx(ctx, async (tx) => {
    const ending = await tryTransition(tx, {
      to: 'ending',
      target: { id: session.id },
      set: { token_hash: null },
      audit: { ...sessionDeviceActor(session), action: 'session.finish' },
      req: ctx.req,
    });
    if (ending) return ending;
    // An admin ended it a moment earlier: it is ending either way, and the token goes all the same.
    const ended = await tx.db
      .updateTable('sessions')
      .set({ token_hash: null, updated_at: tx.now })
      .where('id', '=', session.id)
      .where('state', '=', 'ending')
      .returningAll()
      .executeTakeFirst();
    if (ended) return ended;
    throw await refusal(tx, session.id, 'ending');
  });
  ctx.res.clearCookie(KIOSK_COOKIE);
  return row;
}

/**
 * The kiosk's live feed: its own session now, then after each change, ending with the change
 * that makes it final. It hears its own session's events only (the bus's table is keyed by
 * session). Thousands stay open at once, so the stream keeps what it shows and the few services
 * it reads with, not the request's context or the session's row.
 */
export function kioskSessionEvents(ctx: Services, session: SessionRow, signal: AbortSignal | undefined): AsyncGenerator<KioskSession> {
  const { db, now, events, shutdown } = ctx;
  return followKioskSession({ db, now, events, shutdown }, session.id, toKioskSession(session, now()), signal);
}

async function* followKioskSession(
  ctx: Pick<Services, 'db' | 'now' | 'events' | 'shutdown'>,
  sessionId: string,
  asAuthorised: KioskSession,
  signal: AbortSignal | undefined,
): AsyncGenerator<KioskSession> {
  const listener = listenToSessions(ctx, signal, sessionId);
  // A finished guest session may already be deleted; then the last known state (or the event's, which
  // also says how it ended) stands.
  const read = async (fallback: KioskSession, state: SessionState, endKind: SessionEndKind | null) => {
    const row = await readSession(ctx, sessionId);
    return row ? toKioskSession(row, ctx.now()) : { ...fallback, state, endKind, serverTime: iso(ctx.now()) };
  };
  try {
    let shown = await read(asAuthorised, asAuthorised.state, asAuthorised.endKind);
    yield shown;
    while (!isFinal(shown.state)) {
      const event = await listener.next();
      if (!event) return;
      shown = await read(shown, event.state, event.endKind ?? null);
      yield shown;
    }
  } finally {
    listener.stop();
  }
}
