import { ADMIN_COOKIE, ADMIN_SESSION_TTL_MS, adminOutput, loginInput } from '@perch/shared';
import { z } from 'zod';
import { adminProcedure, publicProcedure, router } from '../trpc';
import { signInThrottled, signOut } from './auth.service';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(adminOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await signInThrottled(ctx, input);
      ctx.res.setCookie(ADMIN_COOKIE, result.token, { maxAgeMs: ADMIN_SESSION_TTL_MS });
      return result.admin;
    }),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const token = ctx.req.cookies[ADMIN_COOKIE];
    if (token) await signOut(ctx, token);
    ctx.res.clearCookie(ADMIN_COOKIE);
    return { ok: true as const };
  }),

  me: adminProcedure.output(adminOutput).query(({ ctx }) => ctx.admin),
});
