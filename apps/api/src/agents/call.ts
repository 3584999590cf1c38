import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { RESILIENCE, camelKey, requestIdInput, type AgentToolName } from '@perch/shared';
import { asActor } from '../audit/actor';
import { auditRow, insertAuditRow } from '../audit/audit.service';
import type { Alongside } from '../db/alongside';
import type { Database } from '../db/schema';
import { LearnerHasSessionError, PerchError } from '../platform/errors';
import { classifyUnavailable, logUnavailable, unavailable } from '../platform/unavailable';
import type { RequestInfo, ResponseControl, Services } from '../context';
import { countGrantCall, recordGrantCall, type ActiveGrant } from './grants.service';
import { checkArgs, checkTool, releaseLimits, reserveLimits, type Denial } from './policy.engine';
import { policyInForce } from './policy.store';
import { claimApproved, createRequest, findRequest, finishRequest } from './requests.service';
import { SERVICE_TOOLS, hints, time, tool, type AgentContext, type AgentTool, type ToolOutput } from './tools';

/**
 * One agent tool call, from name and raw arguments to an MCP tool result, independent of the MCP
 * SDK (the server in mcp-server.ts only forwards). Order: known tool → policy gate (hide, deny,
 * default) → argument rules on the call's arguments → validation by the tool's contract →
 * counters → approval or run. Every call leaves one audit entry (`agent.call`, `agent.denied`, or
 * `agent.request` when it waits for approval) and one more use on its grant, committed together:
 * in the service's own transaction when the tool allows it (db/alongside.ts), else in their own.
 */

export interface AgentCaller {
  grant: ActiveGrant;
  req: RequestInfo;
  /** The stored policy's version as read with the grant (see policyInForce); left out, the call reads it. */
  policyVersion?: number | null;
}

export interface ToolResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** MCP answers carry no cookies or headers; a service's Retry-After is in its sentence already. */
const NO_RESPONSE: ResponseControl = { setCookie() {}, clearCookie() {}, setHeader() {} };

const getRequestTool = tool({
  name: 'maker_get_request',
  title: 'Get an approval request’s outcome',
  description:
    'Learn what happened to a call that needed an admin’s approval. Argument: requestId (returned by that ' +
    'call). While pending, ask again in a minute or so. Once approved, this runs the call and returns that ' +
    'tool’s own result (exactly once); declined or lapsed requests did not run.',
  input: requestIdInput,
  // Not read-only: fetching an approved request is what runs it.
  annotations: hints(false, false, false),
  run: (ctx, input: z.output<typeof requestIdInput>) => requestOutcome(ctx, input.requestId),
});

export const AGENT_TOOL_LIST: AgentTool[] = [...SERVICE_TOOLS, getRequestTool];
const BY_NAME = new Map<string, AgentTool>(AGENT_TOOL_LIST.map((t) => [t.name, t]));

function agentContext(services: Services, caller: AgentCaller): AgentContext {
  const { grant } = caller;
  return { ...services, req: caller.req, res: NO_RESPONSE, admin: grant.admin, agent: { grantId: grant.id, label: grant.label }, grant };
}

const text = (t: string) => [{ type: 'text' as const, text: t }];
const success = (out: ToolOutput): ToolResult => ({ content: text(out.text), structuredContent: out.structured });
const failure = (message: string, structured?: Record<string, unknown>): ToolResult => ({
  content: text(message),
  ...(structured ? { structuredContent: structured } : {}),
  isError: true,
});

/**
 * The database (or Redis) out of reach, as tRPC says it (platform/unavailable.ts): the same call may
 * work in a few seconds, so the agent is told so and when, rather than that something broke.
 */
function unavailableError(err: unknown): PerchError | null {
  const kind = classifyUnavailable(err);
  if (!kind) return null;
  logUnavailable('/mcp tools/call', err);
  return unavailable(kind);
}

/** A person-readable sentence for a failed call; unexpected errors stay in the server log. */
function messageOf(err: unknown): string {
  if (err instanceof PerchError || err instanceof TRPCError) return err.message;
  const away = unavailableError(err);
  if (away) return away.message;
  console.error('[perch] agent tool call failed:', err);
  return 'Something went wrong on our side. Please try again.';
}

/** What an agent reads besides the sentence when a call could not be made right now. */
const unavailableStructure = (err: unknown) => (classifyUnavailable(err) ? { unavailable: true, retryAfterSec: RESILIENCE.unavailableRetryAfterSec } : undefined);

// ---- Arguments -------------------------------------------------------------------------------

const jsonSchemas = new Map<AgentToolName, Record<string, unknown>>();

/** The JSON Schema the model sees: the contract's input side (defaults, bounds, formats). */
export function inputJsonSchema(t: AgentTool): Record<string, unknown> {
  let schema = jsonSchemas.get(t.name);
  if (!schema) {
    const object = t.input instanceof z.ZodOptional ? (t.input.unwrap() as z.ZodType) : t.input;
    schema = z.toJSONSchema(object, { io: 'input' }) as Record<string, unknown>;
    jsonSchemas.set(t.name, schema);
  }
  return schema;
}

interface PreparedArgs {
  /** The arguments with snake_case names renamed: what the policy's rules read when they do not validate. */
  args: Record<string, unknown>;
  parsed?: unknown;
  error?: string;
}

/**
 * Accepts the reference's snake_case names (`learner_id`, `duration_min`) beside the contract's
 * camelCase ones, refuses names the tool does not take (an agent learns its mistake instead of it
 * being silently dropped), then validates with the tool's contract.
 */
export function prepareArgs(t: AgentTool, raw: unknown): PreparedArgs {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) return { args: {}, error: 'Send the arguments as a JSON object.' };
  const known = Object.keys((inputJsonSchema(t).properties as Record<string, unknown> | undefined) ?? {});
  const args: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const name = known.includes(key) ? key : camelKey(key);
    if (!known.includes(name)) unknown.push(key);
    else if (Object.hasOwn(args, name)) return { args, error: `Give ${name} once (not also as ${key}).` };
    else args[name] = value;
  }
  if (unknown.length > 0) {
    const takes = known.length > 0 ? `It takes: ${known.join(', ')}.` : 'It takes no arguments.';
    return { args, error: `${t.name} does not take ${unknown.join(', ')}. ${takes}` };
  }
  const parsed = t.input.safeParse(args);
  if (!parsed.success) return { args, error: `The arguments are not valid: ${parsed.error.issues.map((i) => i.message).join(' ')}` };
  return { args, parsed: parsed.data };
}

// ---- The call --------------------------------------------------------------------------------

type CallAction = 'agent.call' | 'agent.denied';

/** What every call leaves behind: one more use on its grant (unless already `counted`) and one audit entry. */
async function writeRecord(db: Kysely<Database>, ctx: AgentContext, now: number, action: CallAction, detail: Record<string, unknown>, counted = false) {
  const row = auditRow(now, ctx.req, { ...asActor(ctx), action, detail });
  if (counted) await insertAuditRow(db, row);
  else await recordGrantCall(db, ctx.dialect, ctx.grant.id, now, row);
}

/** The call's record in a transaction of its own (the count and the entry commit together). */
const record = (ctx: AgentContext, action: CallAction, detail: Record<string, unknown>, counted = false) =>
  ctx.db.transaction().execute((db) => writeRecord(db, ctx, ctx.now(), action, detail, counted));

async function deny(ctx: AgentContext, toolName: string, denial: Denial): Promise<ToolResult> {
  await record(ctx, 'agent.denied', { tool: toolName, rule: denial.rule, message: denial.message });
  return failure(denial.message, {
    denied: true,
    tool: toolName,
    rule: denial.rule,
    ...(denial.retryAfterSec ? { retryAfterSec: denial.retryAfterSec } : {}),
  });
}

async function refuse(
  ctx: AgentContext,
  toolName: string,
  message: string,
  error = message,
  counted = false,
  structured?: Parameters<typeof failure>[1],
): Promise<ToolResult> {
  await record(ctx, 'agent.call', { tool: toolName, outcome: 'error', error }, counted);
  return failure(message, structured);
}

/**
 * One tool call (see the top of this file). A database out of reach at any step, even while the
 * call's own record is written, is a tool result with isError and the 503's sentence (the call may
 * simply work in a few seconds), never a protocol error with the driver's words.
 */
export async function callAgentTool(services: Services, caller: AgentCaller, name: string, raw: unknown): Promise<ToolResult> {
  try {
    return await callTool(services, caller, name, raw);
  } catch (err) {
    const away = unavailableError(err);
    if (!away) throw err;
    return failure(away.message, unavailableStructure(err));
  }
}

async function callTool(services: Services, caller: AgentCaller, name: string, raw: unknown): Promise<ToolResult> {
  const ctx = agentContext(services, caller);
  const t = BY_NAME.get(name);
  if (!t) return refuse(ctx, name.slice(0, 100), `Perch has no tool named ${name}. Call tools/list to see the tools you can use.`, 'unknown tool');
  const policy = await policyInForce(services, caller.policyVersion);
  const gate = checkTool(policy, t.name);
  if (gate) return deny(ctx, t.name, gate);

  const prepared = prepareArgs(t, raw);
  // Rules read the validated arguments (defaults filled in) when they validate, the sent ones otherwise.
  const view = (prepared.parsed ?? prepared.args) as Record<string, unknown>;
  const decision = checkArgs(policy, t.name, view);
  if ('rule' in decision) return deny(ctx, t.name, decision);
  if (prepared.error !== undefined) return refuse(ctx, t.name, prepared.error);

  const reserved = await reserveLimits(services.limiter, decision.limits, caller.grant.id, services.now());
  if (!Array.isArray(reserved)) return deny(ctx, t.name, reserved);
  // The call's record, written in the service's transaction when it offers one (db/alongside.ts).
  let alongside: Alongside | undefined;
  try {
    if (decision.approval) {
      // The request's own entry (agent.request) is the call's audit record; the count joins its transaction.
      alongside = { taken: false, write: (db, now) => countGrantCall(db, ctx.grant.id, now) };
      const request = await createRequest({ ...ctx, alongside }, { ...ctx.agent!, admin: ctx.admin }, t.name, prepared.parsed as Record<string, unknown>);
      return success({
        structured: { approvalRequired: true, requestId: request.id, state: request.state, tool: t.name, expiresAt: request.expiresAt },
        text:
          `${t.name} needs an admin’s approval, so it has not run yet. Call maker_get_request with requestId ` +
          `"${request.id}" in a minute or so for the outcome; the request lapses at ${time(request.expiresAt)} if nobody decides it.`,
      });
    }
    const ok = { tool: t.name, outcome: 'ok' };
    if (t.recordsInItsTransaction) alongside = { taken: false, write: (db, now) => writeRecord(db, ctx, now, 'agent.call', ok) };
    const out = await t.run(alongside ? { ...ctx, alongside } : ctx, prepared.parsed);
    if (!alongside?.taken) await record(ctx, 'agent.call', ok);
    return success(out);
  } catch (err) {
    await releaseLimits(services.limiter, reserved);
    const message = messageOf(err);
    // The learner's session the start would have doubled, for an agent that reads structure.
    const structured =
      err instanceof LearnerHasSessionError ? { reason: err.reason, existingSessions: err.existingSessions } : unavailableStructure(err);
    return refuse(ctx, t.name, message, undefined, alongside?.taken, structured);
  }
}

// ---- maker_get_request ----------------------------------------------------------------------

/**
 * The outcome of an approval request made with this grant. An approved request runs here, once:
 * `claimApproved` lets exactly one fetch move it to `running`, and the tool's own result goes to
 * that fetch (so a minted code is never stored).
 */
async function requestOutcome(ctx: AgentContext, requestId: string): Promise<ToolOutput> {
  const request = await findRequest(ctx, requestId);
  if (!request || request.grantId !== ctx.grant.id) {
    throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'No request with that id was made with this grant.');
  }
  const { tool: name } = request;
  const status = (sentence: string) => ({
    structured: { requestId, state: request.state, tool: name, expiresAt: request.expiresAt, outcome: request.outcome },
    text: sentence,
  });
  switch (request.state) {
    case 'pending':
      return status(`Still waiting for an admin to approve ${name}; ask again in a minute. It lapses at ${time(request.expiresAt)}.`);
    case 'declined':
      return status(`An admin declined ${name}; it did not run. Do not retry without asking the person you act for.`);
    case 'expired':
      return status(`The request for ${name} lapsed before it ran. Make the call again to ask anew.`);
    case 'running':
      return status(`${name} is running for an earlier maker_get_request call; it never runs twice.`);
    case 'done':
      return status(`${name} already ran and its result went to an earlier maker_get_request call; it never runs twice.`);
    case 'failed':
      throw new PerchError('CONFLICT', 'INVALID_TRANSITION', `${name} was approved but failed: ${request.outcome ?? 'no reason recorded'}`);
    case 'approved':
      break;
  }
  // Lost the race to another fetch, or it lapsed a moment ago: answer with where it is now.
  if (!(await claimApproved(ctx, ctx.grant.id, requestId))) return requestOutcome(ctx, requestId);
  const target = BY_NAME.get(name)!;
  try {
    const out = await target.run(ctx, target.input.parse(request.args));
    await finishRequest(ctx, requestId, 'done', `${name} ran for ${ctx.grant.label}.`);
    return { structured: out.structured, text: `Approved by ${request.decidedBy ?? 'an admin'}. ${out.text}` };
  } catch (err) {
    await finishRequest(ctx, requestId, 'failed', messageOf(err));
    throw err;
  }
}
