import crypto from 'node:crypto';
import { emailSchema, newAdminPassword } from '@perch/shared';
import { PerchError } from '../platform/errors';
import type { Services } from '../context';
import { hashPassword } from './password';
import { clearSetupTokens, issueSetupLink, type SetupLink } from './setup';

export interface NewAdmin {
  email: string;
  password: string;
}

/** Creates an admin account; refuses a weak password or an email already in use. */
export async function createAdmin(ctx: Services, input: NewAdmin): Promise<{ id: string; email: string }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new PerchError('BAD_REQUEST', 'VALIDATION', 'That does not look like an email address.');
  const password = newAdminPassword.safeParse(input.password);
  if (!password.success) throw new PerchError('BAD_REQUEST', 'VALIDATION', password.error.issues[0]!.message);
  const existing = await ctx.db.selectFrom('admins').select('id').where('email', '=', email.data).executeTakeFirst();
  if (existing) throw new PerchError('CONFLICT', 'VALIDATION', `An admin with the email ${email.data} already exists.`);
  const admin = { id: crypto.randomUUID(), email: email.data };
  await ctx.db
    .insertInto('admins')
    .values({ ...admin, password_hash: await hashPassword(password.data), created_at: ctx.now() })
    .execute();
  return admin;
}

/**
 * At start-up, while no admin exists: with PERCH_ADMIN_EMAIL/PASSWORD set, creates that admin;
 * otherwise returns a fresh set-up link for the console. Once an admin exists, set-up links left
 * over (say, from before `pnpm create-admin`) are dropped.
 */
export async function ensureFirstAdmin(ctx: Services): Promise<SetupLink | null> {
  const { PERCH_ADMIN_EMAIL: email, PERCH_ADMIN_PASSWORD: password } = ctx.config;
  const any = await ctx.db.selectFrom('admins').select('id').limit(1).executeTakeFirst();
  if (any) {
    await clearSetupTokens(ctx);
    return null;
  }
  if (!email || !password) return issueSetupLink(ctx);
  await createAdmin(ctx, { email, password });
  console.log(`[perch] Created the first admin, ${email}.`);
  return null;
}
