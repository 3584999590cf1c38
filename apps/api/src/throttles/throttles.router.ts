import { z } from 'zod';
import { throttleSummary, unblockInput } from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { listThrottles, unblock } from './throttles.service';

export const throttlesRouter = router({
  /** Redemption throttles refusing codes now (an address, a tablet, everyone), with the time left. */
  list: adminProcedure.output(z.array(throttleSummary)).query(({ ctx }) => listThrottles(ctx)),
  /** Clears one of them at once; audited. */
  unblock: adminProcedure
    .input(unblockInput)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await unblock(ctx, input);
      return { ok: true as const };
    }),
});
