import {
  POLICY_WINDOW_MS,
  POLICY_WINDOW_WORDS,
  camelKey,
  describeCondition,
  type AgentPolicy,
  type AgentToolName,
  type PolicyCondition,
  type PolicyLimit,
} from '@perch/shared';
import type { RateLimiter } from '../platform/rate-limiter';

/**
 * The policy engine: reads a PolicyLayer policy (docs/AGENTS.md) and decides one tool call. The
 * decision has two halves: `checkRules` (pure: hide, deny, default, require, deny_if, approval)
 * and `reserveLimits` (counters, taken atomically before the call and given back if it fails).
 */

export interface Denial {
  /** Where in the policy the deciding rule is, e.g. `tools.maker_start_session.limits[0]`. */
  rule: string;
  /** One sentence for the agent: what refused the call and when (or whether) to retry. */
  message: string;
  retryAfterSec?: number;
}

export interface Allowed {
  approval: boolean;
  limits: { rule: string; limit: PolicyLimit; tool: AgentToolName | null }[];
}

export const isHidden = (policy: AgentPolicy, tool: string) => !!policy.hide?.some((h) => h === '*' || h === tool);

/**
 * In force while the stored policy cannot be read (a damaged row): hides and denies everything,
 * never fails open, and says why, so an agent's person knows an admin must save a valid policy.
 */
export const UNREADABLE_POLICY: AgentPolicy = { version: '1', default: 'deny', hide: ['*'], tools: {} };
const UNREADABLE_DENIAL: Denial = {
  rule: 'unreadable',
  message:
    'Perch’s stored agent policy cannot be read, so every agent call is refused. Do not retry; an admin must save a valid policy on Perch’s Agents page.',
};

/** Whether the tool may be called at all, before its arguments are looked at. */
export function checkTool(policy: AgentPolicy, tool: AgentToolName): Denial | null {
  if (policy === UNREADABLE_POLICY) return UNREADABLE_DENIAL;
  if (isHidden(policy, tool)) {
    return { rule: 'hide', message: `${tool} is not available to this agent: the policy hides it.` };
  }
  const rule = policy.tools[tool];
  if (rule?.action === 'deny') {
    return {
      rule: `tools.${tool}.action`,
      message: `${tool} is blocked by the policy${rule.reason ? `: ${rule.reason.replace(/\.$/, '')}` : ''}. Do not retry; an admin can change this on Perch's Agents page.`,
    };
  }
  if (!rule && policy.default === 'deny') {
    return {
      rule: 'default',
      message: `${tool} is not allowed for this agent: the policy denies every tool it does not list. Do not retry; an admin can allow it on Perch's Agents page.`,
    };
  }
  return null;
}

/** Argument rules (`require`, then `deny_if`), limits to reserve, and whether approval is needed. */
export function checkArgs(policy: AgentPolicy, tool: AgentToolName, args: Record<string, unknown>): Denial | Allowed {
  const rule = policy.tools[tool];
  for (const [i, condition] of (rule?.require ?? []).entries()) {
    if (!holds(condition, args)) {
      return {
        rule: `tools.${tool}.require[${i}]`,
        message: `${tool} was refused: ${condition.reason ?? `the policy requires that ${describeCondition(condition)}`} (rule tools.${tool}.require[${i}]). Change the arguments and try again.`,
      };
    }
  }
  for (const [i, condition] of (rule?.deny_if ?? []).entries()) {
    if (holds(condition, args)) {
      return {
        rule: `tools.${tool}.deny_if[${i}]`,
        message: `${tool} was refused: ${condition.reason ?? `the policy denies calls where ${describeCondition(condition)}`} (rule tools.${tool}.deny_if[${i}]). Change the arguments and try again.`,
      };
    }
  }
  return {
    // maker_get_request never waits for approval (the schema refuses that policy too).
    approval: rule?.approval === 'required' && tool !== 'maker_get_request',
    limits: [
      ...(rule?.limits ?? []).map((limit, i) => ({ rule: `tools.${tool}.limits[${i}]`, limit, tool })),
      ...(policy.all_tools?.limits ?? []).map((limit, i) => ({ rule: `all_tools.limits[${i}]`, limit, tool: null })),
    ],
  };
}

/**
 * The value at `args.a.b`: each name also matches its camelCase form (`args.duration_min` reads
 * `durationMin`); `length` of a list or text is its length; a number indexes a list.
 */
export function resolvePath(path: string, args: Record<string, unknown>): unknown {
  let value: unknown = args;
  for (const segment of path.split('.').slice(1)) {
    if (value === null || value === undefined) return undefined;
    if (segment === 'length' && (Array.isArray(value) || typeof value === 'string')) {
      value = value.length;
    } else if (Array.isArray(value)) {
      value = /^\d+$/.test(segment) ? value[Number(segment)] : undefined;
    } else if (typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const key = Object.hasOwn(record, segment) ? segment : camelKey(segment);
      value = Object.hasOwn(record, key) ? record[key] : undefined;
    } else {
      return undefined;
    }
  }
  return value;
}

/** Whether a condition holds. A missing argument never equals, matches or compares; it is `neq` and `not_in` anything. */
export function holds(c: PolicyCondition, args: Record<string, unknown>): boolean {
  const v = resolvePath(c.path, args);
  const present = v !== undefined && v !== null;
  switch (c.op) {
    case 'exists':
      return present === (c.value ?? true);
    case 'eq':
      return v === c.value;
    case 'neq':
      return v !== c.value;
    case 'in':
      return (c.value as unknown[]).includes(v);
    case 'not_in':
      return !(c.value as unknown[]).includes(v);
    case 'lt':
      return typeof v === 'number' && v < (c.value as number);
    case 'lte':
      return typeof v === 'number' && v <= (c.value as number);
    case 'gt':
      return typeof v === 'number' && v > (c.value as number);
    case 'gte':
      return typeof v === 'number' && v >= (c.value as number);
    case 'regex':
      return typeof v === 'string' && new RegExp(c.value as string, 'u').test(v);
  }
}

// ---- Counters ---------------------------------------------------------------------------------

export interface Reservation {
  key: string;
  cost: number;
}

/** "42 s", "3 min", "5 h": short enough for an agent to read, rounded up. */
export function shortWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} min`;
  return `${Math.ceil(seconds / 3600)} h`;
}

/**
 * Takes one unit from every limit, or none: when one refuses, the units already taken are given
 * back. Windows are aligned to the UTC calendar: the counter's key names the window it counts, and
 * its expiry is the window's end, so the limiter's "window from the first unit" ends exactly there.
 */
export async function reserveLimits(
  limiter: RateLimiter,
  limits: Allowed['limits'],
  grantId: string,
  now: number,
): Promise<Reservation[] | Denial> {
  const taken: Reservation[] = [];
  for (const { rule, limit, tool } of limits) {
    const size = POLICY_WINDOW_MS[limit.window];
    const start = Math.floor(now / size) * size;
    const owner = limit.scope === 'grant' ? `grant:${grantId}` : 'global';
    const key = `agent:${limit.counter}:${limit.window}:${owner}:${start}`;
    // A `global` counter is a ceiling over every grant: while Redis is unreachable each instance
    // enforces its share of it (see the limiter), so together they still never pass `max`.
    const decision = await limiter.consume(key, { max: limit.max, windowMs: start + size - now, global: limit.scope === 'global' }, 1);
    if (!decision.allowed) {
      await releaseLimits(limiter, taken);
      const retryAfterSec = Math.max(1, Math.ceil((start + size - now) / 1000));
      const who = limit.scope === 'grant' ? 'for this grant' : 'across all agents';
      const what = tool ?? 'Every tool together';
      return {
        rule,
        message: `${what} is limited to ${limit.max} ${limit.max === 1 ? 'call' : 'calls'} ${POLICY_WINDOW_WORDS[limit.window]} ${who}; try again in ${shortWait(retryAfterSec)}.`,
        retryAfterSec,
      };
    }
    taken.push({ key, cost: 1 });
  }
  return taken;
}

/** Gives back what `reserveLimits` took: the call failed, so it does not count. */
export async function releaseLimits(limiter: RateLimiter, taken: Reservation[]): Promise<void> {
  for (const { key, cost } of taken) await limiter.release(key, cost);
}
