import { z } from 'zod';
import {
  sendClassToTabletsInput,
  sendClassToTabletsOutput,
  sendToTabletInput,
  sentToTabletOutput,
  enrollmentOutput,
  kioskNamesInput, kioskNamesOutput, redeemModeInput, redeemModeOutput, renameTabletInput, tabletIdInput, tabletSummary } from '@perch/shared';
import { getRedeemMode, setRedeemMode } from './redeem-mode';
import { firstNamesOnly, setFirstNamesOnly } from './kiosk-names';
import { sendClassToTablets, sendToTablet } from './send';
import { adminProcedure, router } from '../trpc';
import { createEnrollment } from './enroll';
import { adminTabletEvents } from './tablet-events';
import { listTablets, renameTablet, retireTablet } from './tablets.service';

const ok = z.object({ ok: z.literal(true) });

export const tabletsRouter = router({
  /** "Add a tablet": a one-shot enrollment code and link, valid 10 minutes. */
  createEnrollment: adminProcedure.output(enrollmentOutput).mutation(({ ctx }) => createEnrollment(ctx)),
  list: adminProcedure.output(z.array(tabletSummary)).query(({ ctx }) => listTablets(ctx)),
  rename: adminProcedure
    .input(renameTabletInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await renameTablet(ctx, input.tabletId, input.name);
      return { ok: true as const };
    }),
  retire: adminProcedure
    .input(tabletIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await retireTablet(ctx, input.tabletId);
      return { ok: true as const };
    }),
  /** Who may redeem a code: any browser (`open`) or only enrolled tablets (`enrolled`). */
  redeemMode: adminProcedure.output(redeemModeOutput).query(async ({ ctx }) => ({ mode: await getRedeemMode(ctx) })),
  setRedeemMode: adminProcedure
    .input(redeemModeInput)
    .output(redeemModeOutput)
    .mutation(async ({ ctx, input }) => ({ mode: (await setRedeemMode(ctx, input.mode)).mode })),
  /** Whether tablets show only the learner's first name (off: the whole name). */
  kioskNames: adminProcedure.output(kioskNamesOutput).query(async ({ ctx }) => ({ firstNamesOnly: await firstNamesOnly(ctx) })),
  setKioskNames: adminProcedure
    .input(kioskNamesInput)
    .output(kioskNamesOutput)
    .mutation(({ ctx, input }) => setFirstNamesOnly(ctx, input.firstNamesOnly)),
  /** Opens a learner's session on an online enrolled tablet at once, with no code (its event stream). */
  send: adminProcedure
    .input(sendToTabletInput)
    .output(sentToTabletOutput)
    .mutation(({ ctx, input }) => sendToTablet(ctx, input)),
  /** A class on the free tablets, in order; learners beyond them are returned as waiting. */
  sendClass: adminProcedure
    .input(sendClassToTabletsInput)
    .output(sendClassToTabletsOutput)
    .mutation(({ ctx, input }) => sendClassToTablets(ctx, input)),
  /** Which tablet changed (enrolled, online, offline, renamed, retired), as it happens (SSE). */
  events: adminProcedure.subscription(({ ctx, signal }) => adminTabletEvents(ctx, signal)),
});
