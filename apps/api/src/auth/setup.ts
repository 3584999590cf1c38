import crypto from 'node:crypto';
import { RATE_LIMITS, SETUP_TOKEN_TTL_MS, type Admin, type FirstAdminInput, type SetupStatus } from '@perch/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.service';
import type { Database } from '../db/schema';
import { addressKey } from '../platform/address';
import { PerchError } from '../platform/errors';
import { generateToken, hashToken } from '../platform/secrets';
import { holdOrRefuse, type RefusingRule } from '../sessions/throttle';
import type { Context, Services } from '../context';
import { openAdminSession } from './auth.service';
import { hashPassword } from './password';

/**
 * First-run set-up in the browser. While no admin exists, each start of Perch stores a new token's
 * SHA-256 (24 hours) and prints a link carrying the token in its fragment, `/admin/#setup=…`, so it
 * never reaches a server log or a Referer. The admin app offers "create the first admin" to whoever
 * opens it; the token is consumed in the same transaction that creates the admin and signs them in.
 */

/**
 * A settings row that lives only inside one set-up transaction: a lock both dialects have, so that
 * set-ups on any instance take turns (see consume).
 */
const SETUP_LOCK_KEY = 'first_admin_setup';
const TTL_HOURS = SETUP_TOKEN_TTL_MS / (60 * 60_000);

export interface SetupLink {
  url: string;
  expiresAt: number;
}

const hasAdmin = async (db: Kysely<Database>) => (await db.selectFrom('admins').select('id').limit(1).executeTakeFirst()) !== undefined;

/** Whether Perch still waits for its first admin. */
export async function setupStatus(ctx: Pick<Services, 'db'>): Promise<SetupStatus> {
  return { needed: !(await hasAdmin(ctx.db)) };
}

/**
 * A new set-up link (at start-up, while no admin exists). Links printed by earlier starts, or by
 * other instances, keep working until they expire: the token lives in the database, so any instance
 * accepts it. Lapsed tokens are dropped here.
 */
export async function issueSetupLink(ctx: Services): Promise<SetupLink> {
  const token = generateToken();
  const now = ctx.now();
  const expiresAt = now + SETUP_TOKEN_TTL_MS;
  await ctx.db.transaction().execute(async (db) => {
    await db.deleteFrom('setup_tokens').where('expires_at', '<=', now).execute();
    await db.insertInto('setup_tokens').values({ token_hash: hashToken(token), created_at: now, expires_at: expiresAt }).execute();
  });
  return { url: `${ctx.config.publicUrl}/admin/#setup=${token}`, expiresAt };
}

/** Once an admin exists no set-up link may work. */
export async function clearSetupTokens(ctx: Pick<Services, 'db'>): Promise<void> {
  await ctx.db.deleteFrom('setup_tokens').execute();
}

/** What start-up prints while no admin exists: the link on a line of its own, and the other ways. */
export function setupLinkNotice(link: SetupLink): string[] {
  return [
    '[perch] No admin yet. To create the first one, open this set-up link in your browser:',
    '',
    `    ${link.url}`,
    '',
    `[perch] It works once and expires in ${TTL_HOURS} hours; every start prints a new one until an admin exists.`,
    '[perch] (Or run "pnpm create-admin", or set PERCH_ADMIN_EMAIL and PERCH_ADMIN_PASSWORD and start again.)',
  ];
}

/**
 * Throttles on wrong set-up links. A token has 256 bits, so guessing is hopeless anyway; these
 * keep a flood from costing database work and filling the audit log. Only wrong or expired links
 * count, never a right one.
 */
function setupGuessRules(ctx: Context): RefusingRule[] {
  return [
    {
      key: `setup:ip:${addressKey(ctx.req.ip)}`,
      limit: RATE_LIMITS.setupFailuresPerIp,
      refusal: 'Too many wrong set-up links were tried from here.',
    },
    {
      key: 'setup:global',
      limit: { ...RATE_LIMITS.setupFailuresGlobal, global: true },
      refusal: 'Too many wrong set-up links are being tried right now.',
    },
  ];
}

const FAILURES = {
  CODE_UNKNOWN: () =>
    new PerchError(
      'NOT_FOUND',
      'CODE_UNKNOWN',
      'This set-up link is not valid. Open the link exactly as Perch printed it when it started, or restart Perch to print a new one.',
    ),
  CODE_EXPIRED: () =>
    new PerchError('PRECONDITION_FAILED', 'CODE_EXPIRED', `This set-up link has expired (each works for ${TTL_HOURS} hours). Restart Perch to print a new one.`),
};
type Failure = keyof typeof FAILURES;

const alreadySetUp = () =>
  new PerchError('CONFLICT', 'ALREADY_SET_UP', 'Perch already has an admin, so set-up links no longer work. Sign in instead.');

/** Thrown inside the transaction to roll it back; answered outside it. */
class Lost extends Error {
  constructor(readonly why: Failure | 'ALREADY_SET_UP') {
    super(why);
  }
}

/**
 * Creates the first admin with a set-up link's token and signs them in. Refused outright once any
 * admin exists. Otherwise held against the guessing throttles: a token that is unknown or expired
 * is refused (counted, audited); a live one goes on to `consume`.
 */
export async function createFirstAdmin(ctx: Context, input: FirstAdminInput): Promise<{ admin: Admin; token: string }> {
  if (await hasAdmin(ctx.db)) throw alreadySetUp();
  const settle = await holdOrRefuse(ctx, setupGuessRules(ctx));
  let outcome: Awaited<ReturnType<typeof attempt>>;
  try {
    outcome = await attempt(ctx, input, hashToken(input.token));
  } catch (err) {
    await settle(false);
    throw err;
  }
  await settle(outcome === 'CODE_UNKNOWN' || outcome === 'CODE_EXPIRED');
  if (typeof outcome !== 'string') return outcome;
  if (outcome === 'ALREADY_SET_UP') throw alreadySetUp();
  await recordAudit(ctx.db, ctx.now(), ctx.req, { action: 'admin.setup_failed', actorType: 'anonymous', detail: { reason: outcome } });
  throw FAILURES[outcome]();
}

async function attempt(ctx: Context, input: FirstAdminInput, tokenHash: string) {
  const problem = await checkToken(ctx, tokenHash);
  if (problem) return problem;
  // Hashed before the transaction: argon2 takes a while, and SQLite has one writer.
  const passwordHash = await hashPassword(input.password);
  try {
    return await consume(ctx, input, tokenHash, passwordHash);
  } catch (err) {
    if (err instanceof Lost) return err.why;
    throw err;
  }
}

/** Why a token cannot set Perch up now, or null while it can (read before any work). */
async function checkToken(ctx: Context, tokenHash: string): Promise<Failure | 'ALREADY_SET_UP' | null> {
  const row = await ctx.db.selectFrom('setup_tokens').select('expires_at').where('token_hash', '=', tokenHash).executeTakeFirst();
  if (row) return row.expires_at > ctx.now() ? null : 'CODE_EXPIRED';
  // Gone: never issued, or consumed by a set-up that finished a moment ago.
  return (await hasAdmin(ctx.db)) ? 'ALREADY_SET_UP' : 'CODE_UNKNOWN';
}

/**
 * One transaction: takes the set-up lock (of two holders at once, on any instance, one waits for the
 * other and then finds an admin), consumes the token and drops every other, creates the admin and
 * opens their sign-in.
 */
async function consume(ctx: Context, input: FirstAdminInput, tokenHash: string, passwordHash: string) {
  const now = ctx.now();
  const id = crypto.randomUUID();
  return ctx.db.transaction().execute(async (db) => {
    // PostgreSQL makes a second insert of the same key wait until the first transaction ends, and
    // SQLite runs one write transaction at a time: either way the admin check below sees the
    // admin a set-up before it created. Without the lock two transactions could both see none.
    const locked = await db
      .insertInto('settings')
      .values({ key: SETUP_LOCK_KEY, value: id, updated_by: id, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!locked || (await hasAdmin(db))) throw new Lost('ALREADY_SET_UP');
    const used = await db
      .deleteFrom('setup_tokens')
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .returning('token_hash')
      .executeTakeFirst();
    if (!used) throw new Lost('CODE_EXPIRED'); // it lapsed between the check and now
    await db.deleteFrom('setup_tokens').execute();
    await db
      .insertInto('admins')
      .values({ id, email: input.email, name: input.name, password_hash: passwordHash, created_at: now })
      .execute();
    const token = await openAdminSession(db, id, now);
    await db.deleteFrom('settings').where('key', '=', SETUP_LOCK_KEY).execute();
    await recordAudit(db, now, ctx.req, { action: 'admin.setup', actorType: 'admin', actorId: id, actorLabel: input.email });
    return { admin: { id, email: input.email, name: input.name }, token };
  });
}
