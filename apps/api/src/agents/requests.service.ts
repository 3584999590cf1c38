import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import {
  AGENT_REQUEST_TTL_MS,
  type Admin,
  type AgentRequest,
  type AgentRequestState,
  type AgentToolName,
  type listRequestsInput,
} from '@perch/shared';
import type { z } from 'zod';
import { asActor, type AgentIdentity } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { transactionWith, type Alongside } from '../db/alongside';
import type { AgentRequestsTable } from '../db/schema';
import { PerchError, notFound } from '../platform/errors';
import { iso, isoOrNull } from '../platform/time';
import type { RequestInfo, Services } from '../context';

/**
 * Approval requests: a call to a tool whose policy says `approval: "required"` is stored here
 * instead of running. An admin approves or declines it; the agent fetches the outcome with
 * maker_get_request, and the approved call runs then, once (a conditional UPDATE claims it).
 * Running at fetch time means a minted code is never stored: it goes straight to the agent.
 */

/** A request changed; listeners read it from the database. */
export interface AgentRequestEvent {
  requestId: string;
}

type Req = Pick<RequestInfo, 'ip' | 'userAgent'> | null;
type RequestRow = Selectable<AgentRequestsTable> & { grant_label: string; decided_by_email: string | null };

function requests(ctx: Pick<Services, 'db'>) {
  return ctx.db
    .selectFrom('agent_requests')
    .innerJoin('agent_grants', 'agent_grants.id', 'agent_requests.grant_id')
    .leftJoin('admins', 'admins.id', 'agent_requests.decided_by')
    .selectAll('agent_requests')
    .select(['agent_grants.label as grant_label', 'admins.email as decided_by_email']);
}

const LAPSING: AgentRequestState[] = ['pending', 'approved'];

/** Pending or approved requests whose time ran out are marked expired (one idempotent UPDATE). */
async function lapse(ctx: Pick<Services, 'db' | 'now'>): Promise<void> {
  await ctx.db
    .updateTable('agent_requests')
    .set({ state: 'expired' })
    .where('state', 'in', LAPSING)
    .where('expires_at', '<=', ctx.now())
    .execute();
}

function toRequest(row: RequestRow, now: number): AgentRequest {
  const lapsed = LAPSING.includes(row.state) && row.expires_at <= now;
  return {
    id: row.id,
    tool: row.tool,
    args: JSON.parse(row.args) as Record<string, unknown>,
    grantId: row.grant_id,
    grantLabel: row.grant_label,
    state: lapsed ? 'expired' : row.state,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    decidedAt: isoOrNull(row.decided_at),
    decidedBy: row.decided_by_email,
    outcome: row.outcome,
  };
}

async function publish(ctx: Pick<Services, 'agentEvents'>, requestId: string) {
  try {
    await ctx.agentEvents.publish({ requestId });
  } catch (err) {
    // The change is committed; a lost live update only delays the Agents page until its next refresh.
    console.error('[perch] could not publish an agent request event:', err);
  }
}

export async function findRequest(ctx: Pick<Services, 'db' | 'now'>, requestId: string): Promise<AgentRequest | null> {
  const row = await requests(ctx).where('agent_requests.id', '=', requestId).executeTakeFirst();
  return row ? toRequest(row, ctx.now()) : null;
}

/** Stores a call that needs approval (with the call's grant count, `ctx.alongside`); the agent gets its id at once. */
export async function createRequest(
  ctx: Services & { req: Req; alongside?: Alongside },
  agent: AgentIdentity & { admin: Admin },
  tool: AgentToolName,
  args: Record<string, unknown>,
): Promise<AgentRequest> {
  const now = ctx.now();
  const id = crypto.randomUUID();
  await transactionWith(ctx, now, async (trx) => {
    await trx
      .insertInto('agent_requests')
      .values({ id, grant_id: agent.grantId, tool, args: JSON.stringify(args), state: 'pending', created_at: now, expires_at: now + AGENT_REQUEST_TTL_MS })
      .execute();
    await recordAudit(trx, now, ctx.req, { ...asActor({ admin: agent.admin, agent }), action: 'agent.request', detail: { requestId: id, tool } });
  });
  await publish(ctx, id);
  return (await findRequest(ctx, id))!;
}

export async function listRequests(ctx: Services, input: z.output<typeof listRequestsInput>): Promise<AgentRequest[]> {
  await lapse(ctx);
  let query = requests(ctx);
  if (input.states?.length) query = query.where('agent_requests.state', 'in', input.states);
  const rows = await query.orderBy('agent_requests.created_at', 'desc').orderBy('agent_requests.id').limit(input.limit).execute();
  const now = ctx.now();
  return rows.map((r) => toRequest(r, now));
}

/** Why a request cannot be decided any more, in words. */
function alreadyDecided(request: AgentRequest): PerchError {
  const why =
    request.state === 'expired'
      ? 'This request lapsed before anyone decided it; the agent has to ask again.'
      : `This request was already ${request.state === 'declined' ? 'declined' : 'approved'}.`;
  return new PerchError('CONFLICT', 'INVALID_TRANSITION', why);
}

/**
 * Approves or declines a pending request (one conditional UPDATE: two admins deciding at once
 * cannot both win). An approved request must be fetched by its agent within the TTL.
 */
export async function decideRequest(
  ctx: Services & { req: Req },
  admin: Admin,
  requestId: string,
  decision: 'approved' | 'declined',
): Promise<AgentRequest> {
  const now = ctx.now();
  const decided = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('agent_requests')
      .set({
        state: decision,
        decided_at: now,
        decided_by: admin.id,
        ...(decision === 'approved' ? { expires_at: now + AGENT_REQUEST_TTL_MS } : {}),
      })
      .where('id', '=', requestId)
      .where('state', '=', 'pending')
      .where('expires_at', '>', now)
      .returning(['id', 'tool', 'grant_id'])
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(trx, now, ctx.req, {
      actorType: 'admin',
      actorId: admin.id,
      actorLabel: admin.email,
      action: decision === 'approved' ? 'agent.request_approve' : 'agent.request_decline',
      detail: { requestId, tool: row.tool, grantId: row.grant_id },
    });
    return true;
  });
  const request = await findRequest(ctx, requestId);
  if (!request) throw notFound('That request');
  if (!decided) throw alreadyDecided(request);
  await publish(ctx, requestId);
  return request;
}

/** Claims an approved request of this grant for running: true for exactly one caller, ever. */
export async function claimApproved(ctx: Services, grantId: string, requestId: string): Promise<boolean> {
  const row = await ctx.db
    .updateTable('agent_requests')
    .set({ state: 'running' })
    .where('id', '=', requestId)
    .where('grant_id', '=', grantId)
    .where('state', '=', 'approved')
    .where('expires_at', '>', ctx.now())
    .returning('id')
    .executeTakeFirst();
  if (row) await publish(ctx, requestId);
  return !!row;
}

/** Records how the approved call went: `outcome` is a sentence, never a code or token. */
export async function finishRequest(ctx: Services, requestId: string, state: 'done' | 'failed', outcome: string): Promise<void> {
  await ctx.db.updateTable('agent_requests').set({ state, outcome }).where('id', '=', requestId).where('state', '=', 'running').execute();
  await publish(ctx, requestId);
}

/** The Agents page's live list: each request as it changes (SSE). */
export async function* agentRequestEvents(
  ctx: Pick<Services, 'agentEvents' | 'db' | 'now'>,
  signal: AbortSignal | undefined,
): AsyncGenerator<AgentRequest> {
  for await (const event of ctx.agentEvents.stream(signal)) {
    const request = await findRequest(ctx, event.requestId);
    if (request) yield request;
  }
}
