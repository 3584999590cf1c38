import { z } from 'zod';
import { CODE_LENGTH } from './constants';
import { normalizeCode } from './code';
import { isoDate } from './common';
import { guestAgeBand, sessionState } from './sessions';

/** Accepts any case, spaces and dashes; yields the canonical 8-symbol code. */
export const redemptionCodeSchema = z
  .string({ error: 'Enter the code from your card.' })
  .max(64, { error: 'That code is too long.' })
  .transform((raw, ctx) => {
    const code = normalizeCode(raw);
    if (code === null) {
      ctx.addIssue({
        code: 'custom',
        message: `A code has ${CODE_LENGTH} letters and digits, like ABCD-2345 (never 0, O, 1, I or L).`,
      });
      return z.NEVER;
    }
    return code;
  });

export const redeemInput = z.object({ code: redemptionCodeSchema });
export const redeemOutput = z.object({
  learnerName: z.string(),
  sessionExpiresAt: isoDate,
  /** A guest's age band (null for a learner): the kiosk greets a guest with words for their age. */
  guestAgeBand: guestAgeBand.nullable(),
});
export type RedeemOutput = z.infer<typeof redeemOutput>;

export const SESSION_END_KINDS = ['graceful', 'forced'] as const;
export const sessionEndKind = z.enum(SESSION_END_KINDS);
export type SessionEndKind = z.infer<typeof sessionEndKind>;

/** What a kiosk may know of its own session: never the token, never another session. */
export const kioskSessionOutput = z.object({
  sessionId: z.string(),
  learnerName: z.string(),
  state: sessionState,
  sessionExpiresAt: isoDate,
  idleLockMin: z.number(),
  lastActivityAt: isoDate.nullable(),
  /** The server's clock, so the kiosk's countdown does not trust a tablet's drifting clock. */
  serverTime: isoDate,
  guestAgeBand: guestAgeBand.nullable(),
  /**
   * How it ended, once it has: `graceful` (the learner finished, time ran out, or an admin ended
   * it: the tablet says goodbye) or `forced` (an admin force-ended it, or retired the tablet: the
   * tablet goes straight back to "Scan your code"). Null while it runs.
   */
  endKind: sessionEndKind.nullable(),
});
export type KioskSession = z.infer<typeof kioskSessionOutput>;
