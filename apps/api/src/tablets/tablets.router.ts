import { z } from 'zod';
import { enrollmentOutput, renameTabletInput, tabletIdInput, tabletSummary } from '@perch/shared';
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
  /** Which tablet changed (enrolled, online, offline, renamed, retired), as it happens (SSE). */
  events: adminProcedure.subscription(({ ctx, signal }) => adminTabletEvents(ctx, signal)),
});
