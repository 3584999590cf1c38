import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_AGENT_POLICY,
  agentPolicySchema,
  describePolicyIssue,
  parseAgentPolicy,
  type Admin,
  type AgentPolicy,
  type AgentPolicyView,
  type PolicyIssue,
} from '@perch/shared';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.service';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { FieldIssues, PerchError } from '../platform/errors';
import { isoOrNull } from '../platform/time';
import type { RequestInfo, Services } from '../context';
import { jsonChanges } from './json-diff';
import { UNREADABLE_POLICY } from './policy.engine';

interface Pinned {
  file: string;
  text: string;
  policy: AgentPolicy;
}
/** PERCH_POLICY_FILE is read once per process; change the file, then restart Perch. */
const pinnedByFile = new Map<string, Pinned>();

/**
 * The policy pinned by PERCH_POLICY_FILE, or null. A missing or invalid file stops Perch at
 * start-up (createServices calls this) with every problem named by its JSON path.
 */
export function loadPinnedPolicy(config: Pick<Config, 'PERCH_POLICY_FILE'>): Pinned | null {
  if (!config.PERCH_POLICY_FILE) return null;
  const file = path.resolve(config.PERCH_POLICY_FILE);
  const cached = pinnedByFile.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`PERCH_POLICY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  const parsed = parseAgentPolicy(text);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `  ${describePolicyIssue(i)}`).join('\n');
    throw new Error(`PERCH_POLICY_FILE: ${file} is not a valid agent policy:\n${lines}`);
  }
  const pinned = { file, text, policy: parsed.policy };
  pinnedByFile.set(file, pinned);
  return pinned;
}

/** The shipped default, parsed once (defaults filled in), for as long as no admin has saved a policy. */
let parsedDefault: AgentPolicy | undefined;
const defaultPolicy = () => (parsedDefault ??= agentPolicySchema.parse(DEFAULT_AGENT_POLICY));

/** A stored policy's text parsed, or UNREADABLE_POLICY when it cannot be read (never fail open). */
function parseStored(text: string): AgentPolicy {
  const parsed = parseAgentPolicy(text);
  if (parsed.ok) return parsed.policy;
  console.error('[perch] the stored agent policy is unreadable; denying every agent call:', parsed.issues);
  return UNREADABLE_POLICY;
}

/** The policy in force now, and where it comes from, read afresh (the Agents page; a save compares against it). */
export async function currentPolicy(ctx: Pick<Services, 'db' | 'config'>): Promise<AgentPolicyView> {
  const pinned = loadPinnedPolicy(ctx.config);
  if (pinned) {
    return { policy: pinned.policy, text: pinned.text, source: 'file', readOnly: true, unreadable: false, filePath: pinned.file, updatedAt: null, updatedBy: null };
  }
  const row = await ctx.db
    .selectFrom('agent_policies')
    .leftJoin('admins', 'admins.id', 'agent_policies.created_by')
    .select(['agent_policies.policy', 'agent_policies.created_at', 'admins.email'])
    .orderBy('agent_policies.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    const text = JSON.stringify(DEFAULT_AGENT_POLICY, null, 2);
    return { policy: defaultPolicy(), text, source: 'default', readOnly: false, unreadable: false, filePath: null, updatedAt: null, updatedBy: null };
  }
  const policy = parseStored(row.policy);
  return {
    policy,
    text: row.policy,
    source: 'database',
    readOnly: false,
    unreadable: policy === UNREADABLE_POLICY,
    filePath: null,
    updatedAt: isoOrNull(Number(row.created_at)),
    updatedBy: row.email ?? null,
  };
}

/**
 * The stored policy's version: the id of its newest row (null while none is saved). Saves only ever
 * add rows, so a save on any instance raises it. A subquery, so that a query an agent call makes
 * anyway (the grant's, see authenticateGrant) reads it in the same round trip.
 */
export function policyVersion(db: Kysely<Database>) {
  return db.selectFrom('agent_policies').select((eb) => eb.fn.max('id').as('version'));
}

/** Per database handle (an instance; tests run several in one process): the newest policy parsed, and its version. */
const parsedByDb = new WeakMap<Kysely<Database>, { version: number; policy: AgentPolicy }>();

/**
 * The policy an agent call obeys. `knownVersion` is the stored version as read with the call's
 * grant (undefined: read it here). The stored text is read and parsed only when the version changed, so a
 * call costs no policy query, and a policy saved on any instance is in force from the next call on
 * every instance, whose grant query reads the new version.
 */
export async function policyInForce(ctx: Pick<Services, 'db' | 'config'>, knownVersion?: number | null): Promise<AgentPolicy> {
  const pinned = loadPinnedPolicy(ctx.config);
  if (pinned) return pinned.policy;
  const version =
    knownVersion === undefined
      ? ((await ctx.db.selectNoFrom(policyVersion(ctx.db).as('version')).executeTakeFirst())?.version ?? null)
      : knownVersion;
  if (version === null) return defaultPolicy();
  const memo = parsedByDb.get(ctx.db);
  if (memo?.version === version) return memo.policy;
  const row = await ctx.db.selectFrom('agent_policies').select('policy').where('id', '=', version).executeTakeFirst();
  if (!row) return (await currentPolicy(ctx)).policy;
  const policy = parseStored(row.policy);
  // A call that read its version just before a save must not put the older policy back.
  if (!memo || memo.version < version) parsedByDb.set(ctx.db, { version, policy });
  return policy;
}

/** A refusal whose `data.fieldErrors` is keyed by JSON path, one sentence per problem. */
function invalidPolicy(issues: PolicyIssue[]): PerchError {
  const cause = new FieldIssues(issues.map((i) => ({ path: [i.path || '_'], message: describePolicyIssue(i) })));
  return new PerchError(
    'BAD_REQUEST',
    'VALIDATION',
    `The policy was not saved (the previous one stays in force): ${issues.map(describePolicyIssue).join(' ')}`,
    undefined,
    cause,
  );
}

/**
 * Saves a new policy from JSON text. An invalid one is refused and the previous one stays in force;
 * a valid one is stored as a new version and audited with what changed.
 */
export async function updatePolicy(
  ctx: Services & { req: Pick<RequestInfo, 'ip' | 'userAgent'> | null },
  admin: Admin,
  text: string,
): Promise<AgentPolicyView> {
  const before = await currentPolicy(ctx);
  if (before.readOnly) {
    throw new PerchError(
      'FORBIDDEN',
      'READ_ONLY',
      `The agent policy is pinned by PERCH_POLICY_FILE (${before.filePath}); edit that file and restart Perch to change it.`,
    );
  }
  const parsed = parseAgentPolicy(text);
  if (!parsed.ok) throw invalidPolicy(parsed.issues);
  // Kept as the admin wrote it (re-indented), so the editor shows their document, not one with defaults filled in.
  const stored = JSON.stringify(JSON.parse(text), null, 2);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('agent_policies').values({ policy: stored, created_by: admin.id, created_at: now }).execute();
    // A damaged previous policy (it denied every call) has nothing to compare with: the entry says
    // so and lists what the new one sets, and the save that repairs it goes through.
    const { unreadable } = before;
    const changes = jsonChanges(unreadable ? {} : JSON.parse(before.text), JSON.parse(stored));
    await recordAudit(trx, now, ctx.req, {
      action: 'agent.policy_update',
      actorType: 'admin',
      actorId: admin.id,
      actorLabel: admin.email,
      detail: { from: before.source, ...(unreadable ? { previousUnreadable: true } : {}), changes: changes.list, changeCount: changes.count },
    });
  });
  return currentPolicy(ctx);
}
