import { KIOSK_COOKIE, kioskSessionOutput, redeemInput, redeemOutput } from '@perch/shared';
import { kioskProcedure, kioskReadProcedure, publicProcedure, router } from '../trpc';
import { iso } from '../platform/time';
import { finishKioskSession, kioskSessionEvents, toKioskSession, touchKioskSession } from './kiosk.service';
import { redeemCode } from './redeem';

export const kioskRouter = router({
  /** Trades a one-shot code for the session cookie (HttpOnly: the kiosk's JS never sees the token). */
  redeem: publicProcedure
    .input(redeemInput)
    .output(redeemOutput)
    .mutation(async ({ ctx, input }) => {
      const { row, token } = await redeemCode(ctx, input.code);
      ctx.res.setCookie(KIOSK_COOKIE, token, { maxAgeMs: row.expires_at - ctx.now() });
      return { learnerName: row.learner_name, sessionExpiresAt: iso(row.expires_at) };
    }),

  me: kioskReadProcedure.output(kioskSessionOutput).query(({ ctx }) => toKioskSession(ctx.kioskSession, ctx.now())),

  touch: kioskProcedure
    .output(kioskSessionOutput)
    .mutation(async ({ ctx }) => toKioskSession(await touchKioskSession(ctx, ctx.kioskSession), ctx.now())),

  finish: kioskProcedure
    .output(kioskSessionOutput)
    .mutation(async ({ ctx }) => toKioskSession(await finishKioskSession(ctx, ctx.kioskSession), ctx.now())),

  /** This tablet's own session: its state now, then every change, up to the one that ends it (SSE). */
  events: kioskReadProcedure.subscription(({ ctx, signal }) => kioskSessionEvents(ctx, ctx.kioskSession, signal)),
});
