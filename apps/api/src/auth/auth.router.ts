import { ADMIN_COOKIE, ADMIN_SESSION_TTL_MS, adminOutput, loginInput } from '@perch/shared';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { adminProcedure, publicProcedure, router } from '../trpc';
import { assertLoginAllowed, recordLoginFailure, signIn, signOut } from './auth.service';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(adminOutput)
    .mutation(async ({ ctx, input }) => {
      await assertLoginAllowed(ctx, input.email, ctx.req.ip);
      const result = await signIn(ctx, input);
      if (!result) {
        await recordLoginFailure(ctx, input.email, ctx.req.ip);
        await recordAudit(ctx.db, ctx.now(), ctx.req, {
          action: 'admin.login_failed',
          actorType: 'anonymous',
          actorLabel: input.email,
        });
        throw new PerchError('UNAUTHORIZED', 'INVALID_CREDENTIALS', 'That email and password do not match.');
      }
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
