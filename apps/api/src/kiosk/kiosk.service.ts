import { KIOSK_COOKIE, type GuestAgeBand, type KioskSession, type RedeemOutput, type SessionEndKind, type SessionState } from '@perch/shared';
import { sessionDeviceActor } from '../audit/actor';
import { hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import { endKindOf, inSessionTx, isFinal, refusal, stateIsOneOf, tryTransition, type SessionRow } from '../sessions/lifecycle';
import { iso, isoOrNull } from '../platform/time';
import { listenTo } from '../platform/listen';
import type { SessionEvent } from '../platform/events';
import type { SettingEvent } from '../platform/settings-cache';
import { firstNamesOnly, kioskLearnerName, watchFirstNamesOnly } from '../tablets/kiosk-names';
import { prepared } from '../db/prepared';

export type { SessionRow };

/** A kiosk may act (touch, finish) only while its session runs. */
export const KIOSK_ACTING_STATES: readonly SessionState[] = ['active', 'locked'];
/** It may still read its session while an admin's end plays out, to show the goodbye. */
export const KIOSK_READING_STATES: readonly SessionState[] = [...KIOSK_ACTING_STATES, 'ending'];

/**
 * What a kiosk's requests read of their session (every `kiosk.me` reads it): what the kiosk is
 * shown, whether its cookie has been presented yet (kiosk/recover.ts) and the device that acts in
 * the audit log. A third of the row's columns; the rest is never needed on the kiosk's side.
 */
export const KIOSK_SESSION_COLUMNS = [
  'id',
  'learner_id',
  'learner_name',
  'guest_age_band',
  'state',
  'end_kind',
  'expires_at',
  'idle_lock_min',
  'last_activity_at',
  'token_seen_at',
  'tablet_id',
  'device',
] as const satisfies readonly (keyof SessionRow)[];

export type KioskSessionRow = Pick<SessionRow, (typeof KIOSK_SESSION_COLUMNS)[number]>;

/**
 * The session a kiosk cookie belongs to when it is in one of `states`; null when it is unknown, in
 * another state, past its end, or presented by another device than the one that redeemed it.
 */
export async function findKioskSession(
  ctx: Services,
  token: string,
  device: string,
  states: readonly SessionState[],
): Promise<KioskSessionRow | null> {
  const [row] = await kioskSessionQuery(states)(ctx.db, { tokenHash: hashToken(token), device, now: ctx.now() });
  return row ?? null;
}

/** The lookup of findKioskSession, compiled once for each list of states (kiosk.me runs it on every poll). */
const kioskSessionQuery = memoizeByStates((states) =>
  prepared<{ tokenHash: string; device: string; now: number }, KioskSessionRow>((db, slot) =>
    db
      .selectFrom('sessions')
      .select(KIOSK_SESSION_COLUMNS)
      .where('token_hash', '=', slot('tokenHash'))
      .where('device_hash', '=', slot('device'))
      .where((eb) => stateIsOneOf(eb, states))
      // Past its end is over even before the sweeper has marked it so.
      .where('expires_at', '>', slot('now')),
  ),
);

function memoizeByStates<T>(make: (states: readonly SessionState[]) => T): (states: readonly SessionState[]) => T {
  const made = new Map<string, T>();
  return (states) => {
    const key = states.join(',');
    let value = made.get(key);
    if (!value) made.set(key, (value = make(states)));
    return value;
  };
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

/**
 * What a redeem (or a claim) answers: enough for the session screen to show at once. `firstOnly`:
 * the admin's choice of names on tablets (firstNamesOnly), applied here and never by the kiosk.
 */
export function redeemAnswer(row: SessionRow, firstOnly: boolean): RedeemOutput {
  return { learnerName: kioskLearnerName(row, firstOnly), sessionExpiresAt: iso(row.expires_at), guestAgeBand: row.guest_age_band as GuestAgeBand | null };
}

/** What a kiosk may know of its own session, with the server's clock for its countdown (names as in redeemAnswer). */
export function toKioskSession(row: KioskSessionRow, now: number, firstOnly: boolean): KioskSession {
  return {
    sessionId: row.id,
    learnerName: kioskLearnerName(row, firstOnly),
    state: row.state,
    sessionExpiresAt: iso(row.expires_at),
    idleLockMin: row.idle_lock_min,
    lastActivityAt: isoOrNull(row.last_activity_at),
    serverTime: iso(now),
    guestAgeBand: row.guest_age_band as GuestAgeBand | null,
    endKind: endKindOf(row),
  };
}

async function readSession(ctx: Pick<Services, 'db'>, sessionId: string): Promise<KioskSessionRow | undefined> {
  return ctx.db.selectFrom('sessions').select(KIOSK_SESSION_COLUMNS).where('id', '=', sessionId).executeTakeFirst();
}


/** The learner is using the tablet: note the time, and unlock an idle-locked session. */
export async function touchKioskSession(ctx: Context, session: KioskSessionRow): Promise<KioskSessionRow> {
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
export async function finishKioskSession(ctx: Context, session: KioskSessionRow): Promise<SessionRow> {
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
 * that makes it final; and again when an admin changes the names on tablets, so the screen
 * follows without a reload. It hears its own session's events only (the bus's table is keyed by
 * session) and the settings changes (one entry in this instance's SettingsCache). Thousands stay
 * open at once, so the stream keeps what it shows and the few services it reads with, not the
 * request's context or the session's row.
 */
export function kioskSessionEvents(ctx: Services, session: KioskSessionRow, signal: AbortSignal | undefined): AsyncGenerator<KioskSession> {
  const { db, now, events, shutdown, settings } = ctx;
  const known = { learner_name: session.learner_name, learner_id: session.learner_id };
  return followKioskSession({ db, now, events, shutdown, settings }, session.id, known, toKioskSession(session, now(), false), signal);
}

async function* followKioskSession(
  ctx: Pick<Services, 'db' | 'now' | 'events' | 'shutdown' | 'settings'>,
  sessionId: string,
  learner: { learner_name: string; learner_id: string | null },
  asAuthorised: KioskSession,
  signal: AbortSignal | undefined,
): AsyncGenerator<KioskSession> {
  const listener = listenTo<SessionEvent | SettingEvent>(ctx.events, ctx, signal, sessionId);
  const unwatch = watchFirstNamesOnly(ctx, listener);
  // `shown` holds the whole name; each answer names the learner as the setting says at that moment.
  // A finished guest session may already be deleted; then the last known state (or the event's, which
  // also says how it ended) stands.
  const read = async (fallback: KioskSession, state: SessionState, endKind: SessionEndKind | null) => {
    const row = await readSession(ctx, sessionId);
    return row ? toKioskSession(row, ctx.now(), false) : { ...fallback, state, endKind, serverTime: iso(ctx.now()) };
  };
  const named = async (shown: KioskSession) => ({ ...shown, learnerName: kioskLearnerName(learner, await firstNamesOnly(ctx)) });
  try {
    let shown = await read(asAuthorised, asAuthorised.state, asAuthorised.endKind);
    yield await named(shown);
    while (!isFinal(shown.state)) {
      const event = await listener.next();
      if (!event) return;
      // A settings change needs no read of the session: only the name shown may differ.
      if ('key' in event) shown = { ...shown, serverTime: iso(ctx.now()) };
      else shown = await read(shown, event.state, event.endKind ?? null);
      yield await named(shown);
    }
  } finally {
    unwatch();
    listener.stop();
  }
}
