import { ADMIN_SESSION_TTL_MS, RATE_LIMITS, type Admin, type LoginInput } from '@perch/shared';
import { recordAudit } from '../audit/audit.service';
import { PerchError } from '../platform/errors';
import { generateToken, hashToken } from '../platform/secrets';
import type { Context, Services } from '../context';
import { dummyPasswordHash, verifyPassword } from './password';

/** The admin a sign-in cookie belongs to, if that sign-in is still valid. */
export async function findAdminBySessionToken(ctx: Services, token: string): Promise<Admin | null> {
  const row = await ctx.db
    .selectFrom('admin_sessions')
    .innerJoin('admins', 'admins.id', 'admin_sessions.admin_id')
    .select(['admins.id', 'admins.email'])
    .where('admin_sessions.token_hash', '=', hashToken(token))
    .where('admin_sessions.expires_at', '>', ctx.now())
    .executeTakeFirst();
  return row ?? null;
}

/** Failed sign-ins are counted per account and per IP; either cap refuses further tries for a while. */
export async function assertLoginAllowed(ctx: Services, email: string, ip: string): Promise<void> {
  const [byAccount, byIp] = await Promise.all([
    ctx.limiter.check(`login:acct:${email}`, loginLimits(ctx).perAccount),
    ctx.limiter.check(`login:ip:${ip}`, loginLimits(ctx).perIp),
  ]);
  const blocked = [byAccount, byIp].find((d) => !d.allowed);
  if (blocked) {
    const retryAfterSec = Math.ceil(blocked.retryAfterMs / 1000);
    throw new PerchError(
      'TOO_MANY_REQUESTS',
      'RATE_LIMITED',
      `Too many failed sign-ins. Try again in ${Math.ceil(retryAfterSec / 60)} minute(s).`,
      retryAfterSec,
    );
  }
}

export async function recordLoginFailure(ctx: Services, email: string, ip: string): Promise<void> {
  await Promise.all([
    ctx.limiter.record(`login:acct:${email}`, loginLimits(ctx).perAccount),
    ctx.limiter.record(`login:ip:${ip}`, loginLimits(ctx).perIp),
  ]);
}

function loginLimits(_ctx: Services) {
  return { perAccount: RATE_LIMITS.loginFailuresPerAccount, perIp: RATE_LIMITS.loginFailuresPerIp };
}

/** Checks the password and opens an admin sign-in; returns the admin and the cookie token. */
export async function signIn(ctx: Context, input: LoginInput): Promise<{ admin: Admin; token: string } | null> {
  const row = await ctx.db
    .selectFrom('admins')
    .select(['id', 'email', 'password_hash'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), input.password);
  if (!row || !ok) return null;
  const token = generateToken();
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('admin_sessions')
      .values({ token_hash: hashToken(token), admin_id: row.id, created_at: now, expires_at: now + ADMIN_SESSION_TTL_MS })
      .execute();
    // Expired sign-ins are dead weight; clearing them here keeps the table small without a job.
    await trx.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
    await recordAudit(trx, now, ctx.req, { action: 'admin.login', actorType: 'admin', actorId: row.id, actorLabel: row.email });
  });
  return { admin: { id: row.id, email: row.email }, token };
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
