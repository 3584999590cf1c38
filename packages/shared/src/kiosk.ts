import { z } from 'zod';
import { CODE_LENGTH } from './constants';
import { normalizeCode } from './code';
import { isoDate } from './common';
import { sessionState } from './sessions';

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
export const redeemOutput = z.object({ learnerName: z.string(), sessionExpiresAt: isoDate });
export type RedeemOutput = z.infer<typeof redeemOutput>;

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
});
export type KioskSession = z.infer<typeof kioskSessionOutput>;
