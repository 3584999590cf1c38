import { ADMIN_SESSION_TTL_MS, RATE_LIMITS, type Admin, type LoginInput } from '@perch/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { generateToken, hashToken } from '../platform/secrets';
import { addressKey } from '../platform/address';
import { holdOrRefuse, type RefusingRule } from '../sessions/throttle';
import type { Context, Services } from '../context';
import { dummyPasswordHash, verifyPassword } from './password';

/** The admin a sign-in cookie belongs to, if that sign-in is still valid. */
export async function findAdminBySessionToken(ctx: Services, token: string): Promise<Admin | null> {
  const row = await ctx.db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select(['admins.id', 'admins.email', 'admins.name'])
    .where('admin_sessions.token_hash', '=', hashToken(token))
    .where('admin_sessions.expires_at', '>', ctx.now())
    .executeTakeFirst();
  return row ? adminOf(row) : null;
}

/** An admin as the API shows them: the name only when they gave one. */
export function adminOf(row: { id: string; email: string; name: string | null }): Admin {
  return row.name === null ? { id: row.id, email: row.email } : { id: row.id, email: row.email, name: row.name };
}

/**
 * Opens an admin sign-in inside the caller's transaction and returns its cookie token (only its
 * SHA-256 is stored). Sign-in and first-run set-up both end here.
 */
export async function openAdminSession(db: Kysely<Database>, adminId: string, now: number): Promise<string> {
  const token = generateToken();
  await db
    .insertInto('admin_sessions')
    .values({ token_hash: hashToken(token), admin_id: adminId, created_at: now, expires_at: now + ADMIN_SESSION_TTL_MS })
    .execute();
  // Expired sign-ins are dead weight; clearing them here keeps the table small without a job.
  await db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
  return token;
}

/**
 * The failure throttles a sign-in is held against. Per (account, address) is what a person who
 * mistypes meets; per address stops one machine trying many accounts; per account, far higher,
 * caps a distributed attack on one account without letting a few other addresses lock its admin
 * out. An IPv6 client counts as its /64.
 */
function signInRules(email: string, ip: string): RefusingRule[] {
  const address = addressKey(ip);
  return [
    {
      key: `login:acct-addr:${email}:${address}`,
      limit: RATE_LIMITS.loginFailuresPerAccountAddress,
      refusal: 'Too many failed sign-ins to this account from here.',
    },
    { key: `login:ip:${address}`, limit: RATE_LIMITS.loginFailuresPerIp, refusal: 'Too many failed sign-ins from here.' },
    {
      key: `login:acct:${email}`,
      limit: { ...RATE_LIMITS.loginFailuresPerAccount, global: true },
      refusal: 'Too many failed sign-ins to this account.',
    },
  ];
}

/**
 * Signs in, held against the failure throttles from before the password is checked until its
 * answer is known, so a burst of wrong passwords gets at most the cap checked and a right one
 * never counts. A wrong password is audited (the email typed, never the password) and refused.
 */
export async function signInThrottled(ctx: Context, input: LoginInput): Promise<{ admin: Admin; token: string }> {
  const settle = await holdOrRefuse(ctx, signInRules(input.email, ctx.req.ip));
  let result: Awaited<ReturnType<typeof signIn>>;
  try {
    result = await signIn(ctx, input);
  } catch (err) {
    await settle(false);
    throw err;
  }
  await settle(result === null);
  if (result) return result;
  await recordAudit(ctx.db, ctx.now(), ctx.req, {
    action: 'admin.login_failed',
    actorType: 'anonymous',
    actorLabel: input.email,
  });
  throw new PerchError('UNAUTHORIZED', 'INVALID_CREDENTIALS', 'That email and password do not match.');
}

/** Checks the password and opens an admin sign-in; returns the admin and the cookie token. */
export async function signIn(ctx: Context, input: LoginInput): Promise<{ admin: Admin; token: string } | null> {
  const row = await ctx.db
    .selectFrom('admins')
    .select(['id', 'email', 'name', 'password_hash'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? dummyPasswordHash(), input.password);
  if (!row || !ok) return null;
  const now = ctx.now();
  const token = await ctx.db.transaction().execute(async (trx) => {
    const opened = await openAdminSession(trx, row.id, now);
    await recordAudit(trx, now, ctx.req, { action: 'admin.login', actorType: 'admin', actorId: row.id, actorLabel: row.email });
    return opened;
  });
  return { admin: adminOf(row), token };
}

/** Ends one admin sign-in; the audit names who signed out (nothing is written for an unknown cookie). */
export async function signOut(ctx: Context, token: string): Promise<void> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const ended = await trx
      .deleteFrom('admin_sessions')
      .where('token_hash', '=', hashToken(token))
      .returning('admin_id')
      .executeTakeFirst();
    if (!ended) return;
    const admin = await trx.selectFrom('admins').select(['id', 'email']).where('id', '=', ended.admin_id).executeTakeFirst();
    await recordAudit(trx, now, ctx.req, {
      action: 'admin.logout',
      actorType: 'admin',
      actorId: ended.admin_id,
      actorLabel: admin?.email ?? null,
    });
  });
}
