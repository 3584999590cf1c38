import crypto from 'node:crypto';
import { PASSWORD_MAX, PASSWORD_MIN, emailSchema } from '@perch/shared';
import { PerchError } from '../platform/errors';
import type { Services } from '../context';
import { hashPassword } from './password';

export interface NewAdmin {
  email: string;
  password: string;
}

/** Creates an admin account; refuses a weak password or an email already in use. */
export async function createAdmin(ctx: Services, input: NewAdmin): Promise<{ id: string; email: string }> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) throw new PerchError('BAD_REQUEST', 'VALIDATION', 'That does not look like an email address.');
  if (input.password.length < PASSWORD_MIN || input.password.length > PASSWORD_MAX) {
    throw new PerchError(
      'BAD_REQUEST',
      'VALIDATION',
      `An admin password needs between ${PASSWORD_MIN} and ${PASSWORD_MAX} characters.`,
    );
  }
  const existing = await ctx.db.selectFrom('admins').select('id').where('email', '=', email.data).executeTakeFirst();
  if (existing) throw new PerchError('CONFLICT', 'VALIDATION', `An admin with the email ${email.data} already exists.`);
  const admin = { id: crypto.randomUUID(), email: email.data };
  await ctx.db
    .insertInto('admins')
    .values({ ...admin, password_hash: await hashPassword(input.password), created_at: ctx.now() })
    .execute();
  return admin;
}

/** At start-up: when no admin exists and PERCH_ADMIN_EMAIL/PASSWORD are set, create that admin. */
export async function ensureFirstAdmin(ctx: Services): Promise<void> {
  const { PERCH_ADMIN_EMAIL: email, PERCH_ADMIN_PASSWORD: password } = ctx.config;
  const any = await ctx.db.selectFrom('admins').select('id').limit(1).executeTakeFirst();
  if (any) return;
  if (!email || !password) {
    console.warn(
      '[perch] No admin exists yet. Set PERCH_ADMIN_EMAIL and PERCH_ADMIN_PASSWORD, or run "pnpm create-admin".',
    );
    return;
  }
  await createAdmin(ctx, { email, password });
  console.log(`[perch] Created the first admin, ${email}.`);
}
