import { KIOSK_COOKIE, claimInput, enrollInput, kioskDeviceOutput, kioskSessionOutput, redeemInput, redeemOutput } from '@perch/shared';
import { PerchError } from '../platform/errors';
import { currentTablet, setDeviceCookie } from '../tablets/device-auth';
import { enrollTablet } from '../tablets/enroll';
import { firstNamesOnly } from '../tablets/kiosk-names';
import { getRedeemMode } from '../tablets/redeem-mode';
import { claimSentSession } from '../tablets/send';
import { kioskDeviceEvents } from '../tablets/tablet-events';
import { kioskProcedure, kioskReadProcedure, publicProcedure, router } from '../trpc';
import { finishKioskSession, kioskSessionEvents, redeemAnswer, toKioskSession, touchKioskSession } from './kiosk.service';
import { redeemCode } from './redeem';

export const kioskRouter = router({
  /** Trades a one-shot code for the session cookie (HttpOnly: the kiosk's JS never sees the token). */
  redeem: publicProcedure
    .input(redeemInput)
    .output(redeemOutput)
    .mutation(async ({ ctx, input }) => {
      const tablet = await currentTablet(ctx, { rotate: true });
      const { row, token } = await redeemCode(ctx, input.code, tablet);
      ctx.res.setCookie(KIOSK_COOKIE, token, { maxAgeMs: row.expires_at - ctx.now() });
      return redeemAnswer(row, await firstNamesOnly(ctx));
    }),

  // The hottest path (every tablet, often): the names setting comes from this instance's memory.
  me: kioskReadProcedure
    .output(kioskSessionOutput)
    .query(async ({ ctx }) => toKioskSession(ctx.kioskSession, ctx.now(), await firstNamesOnly(ctx))),

  touch: kioskProcedure
    .output(kioskSessionOutput)
    .mutation(async ({ ctx }) => toKioskSession(await touchKioskSession(ctx, ctx.kioskSession), ctx.now(), await firstNamesOnly(ctx))),

  finish: kioskProcedure
    .output(kioskSessionOutput)
    .mutation(async ({ ctx }) => toKioskSession(await finishKioskSession(ctx, ctx.kioskSession), ctx.now(), await firstNamesOnly(ctx))),

  /** This tablet's own session: its state now, then every change, up to the one that ends it (SSE). */
  events: kioskReadProcedure.subscription(({ ctx, signal }) => kioskSessionEvents(ctx, ctx.kioskSession, signal)),
  /** Enrolls this browser as a tablet with a one-shot code from the Tablets page; sets the device cookie. */
  enroll: publicProcedure
    .input(enrollInput)
    .output(kioskDeviceOutput)
    .mutation(async ({ ctx, input }) => {
      const { tablet, token } = await enrollTablet(ctx, input.code);
      setDeviceCookie(ctx, token);
      return { tablet, redeemMode: await getRedeemMode(ctx) };
    }),
  /** An enrolled tablet opens the session an admin sent to it (no code); sets the session cookie. */
  claim: publicProcedure
    .input(claimInput)
    .output(redeemOutput)
    .mutation(async ({ ctx, input }) => {
      const tablet = await currentTablet(ctx, { rotate: true });
      if (!tablet) throw new PerchError('UNAUTHORIZED', 'NOT_ENROLLED', 'This tablet is not enrolled.');
      const { row, token } = await claimSentSession(ctx, tablet, input.sessionId);
      ctx.res.setCookie(KIOSK_COOKIE, token, { maxAgeMs: row.expires_at - ctx.now() });
      return redeemAnswer(row, await firstNamesOnly(ctx));
    }),
  /** Which enrolled tablet this is, if any (rotates a day-old device cookie). */
  device: publicProcedure.output(kioskDeviceOutput).query(async ({ ctx }) => {
    const tablet = await currentTablet(ctx, { rotate: true });
    return { tablet: tablet && { id: tablet.id, name: tablet.name }, redeemMode: await getRedeemMode(ctx) };
  }),
  /** An enrolled tablet's own stream: its name, then renames, and its retirement (SSE). */
  deviceEvents: publicProcedure.subscription(async function* ({ ctx, signal }) {
    const tablet = await currentTablet(ctx, { rotate: false });
    if (!tablet) throw new PerchError('UNAUTHORIZED', 'NOT_ENROLLED', 'This tablet is not enrolled.');
    yield* kioskDeviceEvents(ctx, tablet, signal);
  }),
});
