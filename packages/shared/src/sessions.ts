import { z } from 'zod';
import {
  BATCH_LABEL_MAX,
  BULK_MAX_LEARNERS,
  FORCE_END_REASON,
  GUEST_AGE_BANDS,
  GUEST_SESSION_MAX_MIN,
  IDLE_LOCK_MIN,
  SESSIONS_LIST,
  SESSION_DURATION_MIN,
} from './constants';
import { idSchema, isoDate } from './common';
import { safeText } from './text';
import { existingSession, onExisting, onExistingInClass } from './existing-session';

/**
 * pending → active ⇄ locked → ending → ended; any live state → revoked or expired.
 * The API's lifecycle module is the only place that moves a session between them.
 */
export const SESSION_STATES = ['pending', 'active', 'locked', 'ending', 'ended', 'revoked', 'expired'] as const;
export const sessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof sessionState>;
/** States in which a kiosk still holds the session. */
export const LIVE_STATES = ['pending', 'active', 'locked', 'ending'] as const satisfies readonly SessionState[];
export const FINAL_STATES = ['ended', 'revoked', 'expired'] as const satisfies readonly SessionState[];
/** How often each API instance sweeps sessions whose time has come (lapsed codes, idle lock, grace over). */
export const SESSION_SWEEP_INTERVAL_MS = 1_000;

export const durationMin = z
  .number({ error: 'Duration must be a whole number of minutes.' })
  .int({ error: 'Duration must be a whole number of minutes.' })
  .min(SESSION_DURATION_MIN.min, {
    error: `A session lasts between ${SESSION_DURATION_MIN.min} and ${SESSION_DURATION_MIN.max} minutes.`,
  })
  .max(SESSION_DURATION_MIN.max, {
    error: `A session lasts between ${SESSION_DURATION_MIN.min} and ${SESSION_DURATION_MIN.max} minutes.`,
  });
export const idleLockMin = z
  .number({ error: 'Idle lock must be a whole number of minutes.' })
  .int({ error: 'Idle lock must be a whole number of minutes.' })
  .min(IDLE_LOCK_MIN.min, { error: `Idle lock is between ${IDLE_LOCK_MIN.min} (off) and ${IDLE_LOCK_MIN.max} minutes.` })
  .max(IDLE_LOCK_MIN.max, { error: `Idle lock is between ${IDLE_LOCK_MIN.min} (off) and ${IDLE_LOCK_MIN.max} minutes.` });

const batchLabel = safeText().max(BATCH_LABEL_MAX, { error: `A label can be at most ${BATCH_LABEL_MAX} characters.` });

export const startSessionInput = z.object({
  learnerId: idSchema,
  durationMin: durationMin.default(SESSION_DURATION_MIN.default),
  idleLockMin: idleLockMin.default(IDLE_LOCK_MIN.default),
  /** When the learner already has a session: refuse (default), end it first, or keep it and start a second. */
  onExisting: onExisting.default('refuse'),
});
export type StartSessionInput = z.input<typeof startSessionInput>;

/** While only enrolled tablets may redeem, a class's cards may live this long (the admin picks when printing). */
export const CLASS_CARD_LIFE_MIN = { min: 10, max: 7 * 24 * 60 } as const;
export const cardLifeMin = z
  .number({ error: 'Card life must be a whole number of minutes.' })
  .int({ error: 'Card life must be a whole number of minutes.' })
  .min(CLASS_CARD_LIFE_MIN.min, { error: `Cards live between ${CLASS_CARD_LIFE_MIN.min} minutes and 7 days.` })
  .max(CLASS_CARD_LIFE_MIN.max, { error: `Cards live between ${CLASS_CARD_LIFE_MIN.min} minutes and 7 days.` });

export const startBulkInput = z.object({
  learnerIds: z
    .array(idSchema)
    .min(1, { error: 'Pick at least one learner.' })
    .max(BULK_MAX_LEARNERS, { error: `A class start covers at most ${BULK_MAX_LEARNERS} learners.` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'A learner is listed twice.' }),
  durationMin: durationMin.default(SESSION_DURATION_MIN.default),
  idleLockMin: idleLockMin.default(IDLE_LOCK_MIN.default),
  label: batchLabel.optional(),
  /**
   * How long the printed cards' codes live, in minutes (default: CODE_TTL_MS). More than that only
   * while only enrolled tablets may redeem, up to 7 days.
   */
  cardLifeMin: cardLifeMin.optional(),
  /** Learners who already have a session: left out and reported (default), theirs ended first, or kept. */
  onExisting: onExistingInClass.default('skip'),
});
export type StartBulkInput = z.input<typeof startBulkInput>;

export const guestAgeBand = z.enum(GUEST_AGE_BANDS, { error: 'Choose an age band: 5-9, 10-13 or 14+.' });
export type GuestAgeBand = z.infer<typeof guestAgeBand>;
export const startGuestInput = z.object({
  ageBand: guestAgeBand,
  durationMin: durationMin
    .max(GUEST_SESSION_MAX_MIN, { error: `A guest session lasts at most ${GUEST_SESSION_MAX_MIN} minutes.` })
    .default(GUEST_SESSION_MAX_MIN),
  idleLockMin: idleLockMin.default(IDLE_LOCK_MIN.default),
});
export type StartGuestInput = z.input<typeof startGuestInput>;

export const sessionIdInput = z.object({ sessionId: idSchema });
export const forceEndInput = z.object({
  sessionId: idSchema,
  reason: safeText({ error: 'Give a reason for force-ending the session.', multiline: true })
    .min(FORCE_END_REASON.min, { error: `Give a reason of at least ${FORCE_END_REASON.min} characters.` })
    .max(FORCE_END_REASON.max, { error: `A reason can be at most ${FORCE_END_REASON.max} characters.` }),
});
export const revokeBatchInput = z.object({ batchId: idSchema });

/**
 * What minting returns. Deliberately has no token: the kiosk gets that as an HttpOnly cookie.
 * The code lives until `codeExpiresAt`; the session's `durationMin` runs from the moment a tablet
 * redeems it, so a session has no end time until then.
 */
export const mintedSessionOutput = z.object({
  sessionId: z.string(),
  learnerName: z.string(),
  redemptionCode: z.string(),
  redeemUrl: z.string(),
  codeExpiresAt: isoDate,
  durationMin: z.number(),
  batchId: z.string().nullable(),
});
export type MintedSession = z.infer<typeof mintedSessionOutput>;

export const startBulkOutput = z.object({
  batchId: z.string(),
  label: z.string().nullable(),
  sessions: z.array(mintedSessionOutput),
  /** Learners left out because they already have a session (onExisting "skip"), with that session. */
  skipped: z.array(existingSession),
});
export type StartBulkOutput = z.infer<typeof startBulkOutput>;

export const listSessionsInput = z
  .object({
    states: z.array(sessionState).optional(),
    batchId: idSchema.optional(),
    limit: z.number().int().min(1).max(SESSIONS_LIST.max).optional(),
  })
  .optional();

/** One row of the admin's live table. */
export const sessionSummary = z.object({
  id: z.string(),
  learnerId: z.string().nullable(),
  learnerName: z.string(),
  guestAgeBand: guestAgeBand.nullable(),
  batchId: z.string().nullable(),
  batchLabel: z.string().nullable(),
  state: sessionState,
  durationMin: z.number(),
  idleLockMin: z.number(),
  createdAt: isoDate,
  codeExpiresAt: isoDate,
  redeemedAt: isoDate.nullable(),
  /** Null until the code is redeemed: the session's clock starts then ("not yet started"). */
  sessionExpiresAt: isoDate.nullable(),
  lastActivityAt: isoDate.nullable(),
  endedAt: isoDate.nullable(),
  endReason: z.string().nullable(),
  /** A short description of the kiosk that redeemed it (browser and platform), if any. */
  device: z.string().nullable(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

export const revokeBatchOutput = z.object({ revoked: z.number() });
