import { ADMIN_COOKIE, ADMIN_SESSION_TTL_MS, adminOutput, firstAdminInput, loginInput, setupStatusOutput, type Admin } from '@perch/shared';
import { z } from 'zod';
import type { Context } from '../context';
import { adminProcedure, publicProcedure, router } from '../trpc';
import { signInThrottled, signOut } from './auth.service';
import { createFirstAdmin, setupStatus } from './setup';

/** Sets the admin cookie of a sign-in just opened and answers with who it is. */
function signedIn(ctx: Context, opened: { admin: Admin; token: string }): Admin {
  ctx.res.setCookie(ADMIN_COOKIE, opened.token, { maxAgeMs: ADMIN_SESSION_TTL_MS });
  return opened.admin;
}

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(adminOutput)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await signInThrottled(ctx, input))),

  logout: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    const token = ctx.req.cookies[ADMIN_COOKIE];
    if (token) await signOut(ctx, token);
    ctx.res.clearCookie(ADMIN_COOKIE);
    return { ok: true as const };
  }),

  me: adminProcedure.output(adminOutput).query(({ ctx }) => ctx.admin),

  /** Whether Perch still waits for its first admin: the sign-in page then says where the set-up link is. */
  setupStatus: publicProcedure.output(setupStatusOutput).query(({ ctx }) => setupStatus(ctx)),

  /** First-run set-up with the link printed at start-up: creates the first admin and signs them in. */
  createFirstAdmin: publicProcedure
    .input(firstAdminInput)
    .output(adminOutput)
    .mutation(async ({ ctx, input }) => signedIn(ctx, await createFirstAdmin(ctx, input))),
});
