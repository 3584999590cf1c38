import crypto from 'node:crypto';
import type { Insertable, Kysely, QueryCreator, Selectable } from 'kysely';
import {
  GRANT_SECRET_BYTES,
  GRANT_SECRET_PREFIX,
  MCP_PATH,
  mcpClientConfig,
  type Admin,
  type AgentGrant,
  type CreateGrantOutput,
  type createGrantInput,
  type listGrantsInput,
} from '@perch/shared';
import type { z } from 'zod';
import { auditSlots, insertAuditRow, recordAudit } from '../audit/audit.service';
import type { DialectName } from '../db/dialect';
import { prepared } from '../db/prepared';
import type { AgentGrantsTable, AuditLogTable, Database } from '../db/schema';
import { notFound } from '../platform/errors';
import { hashToken } from '../platform/secrets';
import { iso, isoOrNull } from '../platform/time';
import type { RequestInfo, Services } from '../context';
import { policyVersion } from './policy.store';

const DAY_MS = 86_400_000;
type GrantRow = Selectable<AgentGrantsTable> & { admin_email: string };
type Req = Pick<RequestInfo, 'ip' | 'userAgent'> | null;

/** A grant that may call /mcp right now, with the admin it acts as. */
export interface ActiveGrant {
  id: string;
  label: string;
  admin: Admin;
  expiresAt: number;
}

/** `perch_agent_` + 256 random bits; Perch keeps only its SHA-256 (a plain hash suffices at this entropy). */
export function newGrantSecret(): string {
  return GRANT_SECRET_PREFIX + crypto.randomBytes(GRANT_SECRET_BYTES).toString('base64url');
}

export const mcpUrl = (ctx: Pick<Services, 'config'>) => `${ctx.config.publicUrl}${MCP_PATH}`;

function grants(ctx: Pick<Services, 'db'>) {
  return ctx.db
    .selectFrom('agent_grants')
    .innerJoin('admins', 'admins.id', 'agent_grants.created_by')
    .selectAll('agent_grants')
    .select('admins.email as admin_email');
}

function toGrant(row: GrantRow, now: number): AgentGrant {
  return {
    id: row.id,
    label: row.label,
    createdBy: row.admin_email,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    revokedAt: isoOrNull(row.revoked_at),
    lastUsedAt: isoOrNull(row.last_used_at),
    callCount: Number(row.call_count),
    status: row.revoked_at !== null ? 'revoked' : row.expires_at <= now ? 'expired' : 'active',
  };
}

/**
 * Makes a grant that acts as `admin`. The secret is in this answer only: show it once. Used by the
 * Agents page and `pnpm create-grant` alike.
 */
export async function createGrant(
  ctx: Services & { req: Req },
  admin: Admin,
  input: z.output<typeof createGrantInput>,
): Promise<CreateGrantOutput> {
  const secret = newGrantSecret();
  const now = ctx.now();
  const id = crypto.randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agent_grants')
      .values({
        id,
        label: input.label,
        secret_hash: hashToken(secret),
        created_by: admin.id,
        created_at: now,
        expires_at: now + input.expiresInDays * DAY_MS,
      })
      .execute();
    await recordAudit(trx, now, ctx.req, {
      action: 'agent.grant_create',
      actorType: 'admin',
      actorId: admin.id,
      actorLabel: admin.email,
      detail: { grantId: id, label: input.label, expiresInDays: input.expiresInDays },
    });
  });
  const row = await grants(ctx).where('agent_grants.id', '=', id).executeTakeFirstOrThrow();
  const url = mcpUrl(ctx);
  return { grant: toGrant(row, now), secret, mcpUrl: url, clientConfig: mcpClientConfig(url, secret) };
}

/** Newest first; revoked and expired grants only when asked for. */
export async function listGrants(ctx: Services, input: z.output<typeof listGrantsInput>): Promise<AgentGrant[]> {
  const now = ctx.now();
  let query = grants(ctx);
  if (!input?.includeInactive) {
    query = query.where('agent_grants.revoked_at', 'is', null).where('agent_grants.expires_at', '>', now);
  }
  const rows = await query.orderBy('agent_grants.created_at', 'desc').orderBy('agent_grants.id').execute();
  return rows.map((r) => toGrant(r, now));
}

/**
 * Revokes a grant. Every /mcp request looks its grant up in the database, so the next call on any
 * instance is refused. Revoking twice changes nothing.
 */
export async function revokeGrant(ctx: Services & { req: Req }, admin: Admin, grantId: string): Promise<AgentGrant> {
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .updateTable('agent_grants')
      .set({ revoked_at: now })
      .where('id', '=', grantId)
      .where('revoked_at', 'is', null)
      .returning(['id', 'label'])
      .executeTakeFirst();
    if (!revoked) return;
    await recordAudit(trx, now, ctx.req, {
      action: 'agent.grant_revoke',
      actorType: 'admin',
      actorId: admin.id,
      actorLabel: admin.email,
      detail: { grantId, label: revoked.label },
    });
  });
  const row = await grants(ctx).where('agent_grants.id', '=', grantId).executeTakeFirst();
  if (!row) throw notFound('That grant');
  return toGrant(row, now);
}

/** A bearer secret's grant, and the stored policy's version read with it (see policyInForce). */
export interface AuthenticatedGrant {
  grant: ActiveGrant;
  policyVersion: number | null;
}

/** Every /mcp request's grant lookup, with the policy's version in the same query; compiled once. */
const grantBySecret = prepared<
  { secretHash: string; now: number },
  { id: string; label: string; created_by: string; expires_at: number; email: string; policy_version: number | null }
>((db, slot) =>
  db
    .selectFrom('agent_grants')
    .innerJoin('admins', 'admins.id', 'agent_grants.created_by')
    .select(['agent_grants.id', 'agent_grants.label', 'agent_grants.created_by', 'agent_grants.expires_at', 'admins.email'])
    .select(policyVersion(db).as('policy_version'))
    .where('agent_grants.secret_hash', '=', slot('secretHash'))
    .where('agent_grants.revoked_at', 'is', null)
    .where('agent_grants.expires_at', '>', slot('now')),
);

/**
 * The grant a bearer secret belongs to, if it is neither revoked nor expired (checked on every
 * request, so a revocation stops the next call on every instance). The same query reads the policy's
 * version: one round trip tells a call both who it is and which policy it obeys.
 */
export async function authenticateGrant(ctx: Pick<Services, 'db' | 'now'>, secret: string): Promise<AuthenticatedGrant | null> {
  if (!secret.startsWith(GRANT_SECRET_PREFIX)) return null;
  const [row] = await grantBySecret(ctx.db, { secretHash: hashToken(secret), now: ctx.now() });
  if (!row) return null;
  return {
    grant: { id: row.id, label: row.label, admin: { id: row.created_by, email: row.email }, expiresAt: row.expires_at },
    policyVersion: row.policy_version ?? null,
  };
}

/**
 * Counts one tool call against the grant and notes when it was last used. Takes the transaction
 * that records the call's outcome, so the count and the audit entry commit together.
 */
export async function countGrantCall(db: Kysely<Database>, grantId: string, now: number): Promise<void> {
  await countCall(db, { grantId, now });
}

/** One more use on the grant `grantId` at `now`: the UPDATE of countCall, and the CTE of countCallAndAudit. */
const oneMoreUse = (db: QueryCreator<Database>, slot: (name: 'grantId' | 'now') => never) =>
  db
    .updateTable('agent_grants')
    .set((eb) => ({ call_count: eb('call_count', '+', 1), last_used_at: slot('now') }))
    .where('id', '=', slot('grantId'));

const countCall = prepared<{ grantId: string; now: number }, never>((db, slot) => oneMoreUse(db, slot as (name: 'grantId' | 'now') => never));

/**
 * A tool call's record: one more use on its grant and its audit row, in the transaction `db` is
 * (or alone). On PostgreSQL one statement, the count in a CTE beside the row's INSERT: one round
 * trip instead of two on every agent call. SQLite cannot UPDATE in a CTE: two statements there.
 */
export async function recordGrantCall(db: Kysely<Database>, dialect: DialectName, grantId: string, now: number, audit: Insertable<AuditLogTable>): Promise<void> {
  if (dialect === 'postgres') {
    await countCallAndAudit(db, { ...audit, grantId, now });
    return;
  }
  await countCall(db, { grantId, now });
  await insertAuditRow(db, audit);
}

const countCallAndAudit = prepared<Insertable<AuditLogTable> & { grantId: string; now: number }, never>((db, anySlot) => {
  const slot = anySlot as (name: string) => never;
  return db
    .with('counted', (qc) => oneMoreUse(qc, slot))
    .insertInto('audit_log')
    .values(auditSlots(slot));
});
