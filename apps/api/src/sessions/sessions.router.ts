import { z } from 'zod';
import {
  forceEndInput,
  listSessionsInput,
  mintedSessionOutput,
  revokeBatchInput,
  revokeBatchOutput,
  sessionIdInput,
  sessionSummary,
  startBulkInput,
  startBulkOutput,
  startGuestInput,
  startSessionInput,
} from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { adminSessionEvents } from './session-events';
import { listSessions } from './sessions.queries';
import { reissueCode, startBulk, startGuest, startSession } from './sessions.service';
import { endSession, forceEndSession, revokeBatch } from './ending';

const ok = z.object({ ok: z.literal(true) });

export const sessionsRouter = router({
  start: adminProcedure
    .input(startSessionInput)
    .output(mintedSessionOutput)
    .mutation(({ ctx, input }) => startSession(ctx, input)),

  startBulk: adminProcedure
    .input(startBulkInput)
    .output(startBulkOutput)
    .mutation(({ ctx, input }) => startBulk(ctx, input)),

  startGuest: adminProcedure
    .input(startGuestInput)
    .output(mintedSessionOutput)
    .mutation(({ ctx, input }) => startGuest(ctx, input)),

  list: adminProcedure
    .input(listSessionsInput)
    .output(z.array(sessionSummary))
    .query(({ ctx, input }) => listSessions(ctx.db, input ?? {})),

  end: adminProcedure
    .input(sessionIdInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await endSession(ctx, input.sessionId);
      return { ok: true as const };
    }),

  forceEnd: adminProcedure
    .input(forceEndInput)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await forceEndSession(ctx, input.sessionId, input.reason);
      return { ok: true as const };
    }),

  revokeBatch: adminProcedure
    .input(revokeBatchInput)
    .output(revokeBatchOutput)
    .mutation(({ ctx, input }) => revokeBatch(ctx, input.batchId)),

  reissueCode: adminProcedure
    .input(sessionIdInput)
    .output(mintedSessionOutput)
    .mutation(({ ctx, input }) => reissueCode(ctx, input.sessionId)),

  /** Every state change of every session, as the live table shows it (SSE). */
  events: adminProcedure.subscription(({ ctx, signal }) => adminSessionEvents(ctx, signal)),
});
