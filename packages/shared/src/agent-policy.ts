import { z } from 'zod';
import { safeText } from './text';

/**
 * The agent policy: PolicyLayer's JSON format (version "1"), the format of the seed's policy, read
 * by Perch itself instead of a separate gateway. docs/AGENTS.md gives the exact semantics.
 */

/** Every MCP tool Perch serves at /mcp, named as the reference system names them. */
export const AGENT_TOOLS = [
  'maker_start_session',
  'maker_start_sessions_bulk',
  'maker_start_guest_session',
  'maker_end_session',
  'maker_force_end_session',
  'maker_revoke_batch',
  'maker_reissue_code',
  'maker_list_sessions',
  'maker_list_learners',
  'maker_create_learner',
  'maker_archive_learner',
  'maker_get_request',
] as const;
export type AgentToolName = (typeof AGENT_TOOLS)[number];
export const isAgentTool = (name: string): name is AgentToolName => (AGENT_TOOLS as readonly string[]).includes(name);

/** Counter windows, aligned to the UTC calendar (a "minute" is 12:01:00.000–12:01:59.999 UTC). */
export const POLICY_WINDOWS = ['second', 'minute', 'hour', 'day'] as const;
export type PolicyWindow = (typeof POLICY_WINDOWS)[number];
export const POLICY_WINDOW_MS: Record<PolicyWindow, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
};
/** `grant`: one count per grant; `global`: one count shared by every grant. */
export const POLICY_SCOPES = ['grant', 'global'] as const;
export const POLICY_OPS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'exists'] as const;
export type PolicyOp = (typeof POLICY_OPS)[number];
/** Bounds that keep one policy cheap to evaluate on every call. */
export const POLICY_BOUNDS = { rulesPerList: 20, reasonMax: 300, regexMax: 200, maxPerWindow: 1_000_000 } as const;

/**
 * `learner_id` → `learnerId`. The reference's tools take snake_case arguments; Perch's contracts are
 * camelCase. Both argument names and policy paths go through this one function.
 */
export function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

const reason = safeText()
  .min(1)
  .max(POLICY_BOUNDS.reasonMax, { error: `A reason can be at most ${POLICY_BOUNDS.reasonMax} characters.` });

export const policyLimit = z.strictObject({
  /** Calls are counted under this name; limits with the same name, window and scope share one count. */
  counter: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, {
    error: 'A counter name is 1–64 letters, digits or _ . : - characters.',
  }),
  window: z.enum(POLICY_WINDOWS, { error: 'window is one of second, minute, hour or day.' }),
  max: z
    .number({ error: 'max must be a whole number of calls.' })
    .int({ error: 'max must be a whole number of calls.' })
    .min(1, { error: 'max must be at least 1 (to block a tool, use "action": "deny").' })
    .max(POLICY_BOUNDS.maxPerWindow),
  scope: z.enum(POLICY_SCOPES, { error: 'scope is "grant" or "global".' }).default('grant'),
});
export type PolicyLimit = z.output<typeof policyLimit>;

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** `args.durationMin`, `args.learner_ids.length`, `args.learnerIds.0`. */
export const POLICY_PATH = /^args(\.[A-Za-z_$][\w$]*|\.\d+)+$/;

export const policyCondition = z
  .strictObject({
    path: z.string().regex(POLICY_PATH, {
      error: 'A path starts with "args." and names an argument, e.g. args.durationMin or args.learnerIds.length.',
    }),
    op: z.enum(POLICY_OPS, { error: `op is one of ${POLICY_OPS.join(', ')}.` }),
    value: z.unknown().optional(),
    /** Shown to the agent when this condition denies a call. */
    reason: reason.optional(),
  })
  .superRefine((c, ctx) => {
    const bad = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    switch (c.op) {
      case 'eq':
      case 'neq':
        if (!scalar.safeParse(c.value).success) bad(`"${c.op}" compares with a string, number, boolean or null.`);
        break;
      case 'in':
      case 'not_in':
        if (!z.array(scalar).safeParse(c.value).success) bad(`"${c.op}" needs a list of strings, numbers or booleans.`);
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte':
        if (typeof c.value !== 'number' || !Number.isFinite(c.value)) bad(`"${c.op}" compares with a number.`);
        break;
      case 'regex':
        if (typeof c.value !== 'string' || c.value.length > POLICY_BOUNDS.regexMax) {
          bad(`"regex" needs a pattern of at most ${POLICY_BOUNDS.regexMax} characters.`);
        } else {
          try {
            new RegExp(c.value, 'u');
          } catch (err) {
            bad(`That is not a valid regular expression (${(err as Error).message}).`);
          }
        }
        break;
      case 'exists':
        if (c.value !== undefined && typeof c.value !== 'boolean') bad('"exists" takes true (the default) or false.');
        break;
    }
  });
export type PolicyCondition = z.output<typeof policyCondition>;

const conditions = z.array(policyCondition).max(POLICY_BOUNDS.rulesPerList);
const limits = z.array(policyLimit).max(POLICY_BOUNDS.rulesPerList);

export const toolRule = z.strictObject({
  /** "deny" blocks the tool whatever its arguments; "allow" is the same as listing it. */
  action: z.enum(['allow', 'deny'], { error: 'action is "allow" or "deny".' }).optional(),
  /** Shown to the agent when `action` is "deny". */
  reason: reason.optional(),
  limits: limits.optional(),
  /** The call is refused when any one of these holds. */
  deny_if: conditions.optional(),
  /** The call is refused unless every one of these holds. */
  require: conditions.optional(),
  /** "required": the call waits for an admin's approval instead of running. */
  approval: z.enum(['required', 'none'], { error: 'approval is "required" or "none".' }).optional(),
});
export type ToolRule = z.output<typeof toolRule>;

const toolName = z.string().refine(isAgentTool, { error: 'Perch has no tool by this name.' });

export const agentPolicySchema = z.strictObject({
  version: z.literal('1', { error: 'version must be "1", the only version of this format.' }),
  /** Governs tools the policy does not list. Missing means "deny". */
  default: z.enum(['allow', 'deny'], { error: 'default is "allow" or "deny".' }).default('deny'),
  /** Tools left out of tools/list and denied when called; "*" hides every tool. */
  hide: z
    .array(z.string().refine((n) => n === '*' || isAgentTool(n), { error: 'Name a Perch tool, or "*" for every tool.' }))
    .optional(),
  all_tools: z.strictObject({ limits: limits.optional() }).optional(),
  tools: z
    .partialRecord(toolName, toolRule, {
      error: (iss) => (iss.code === 'invalid_key' ? `Perch has no tool named ${String(iss.input)}.` : undefined),
    })
    .default({}),
})
  .superRefine((policy, ctx) => {
    // Agents learn approval outcomes through maker_get_request: gating it would leave them no way to.
    if (policy.tools.maker_get_request?.approval === 'required') {
      ctx.addIssue({
        code: 'custom',
        path: ['tools', 'maker_get_request', 'approval'],
        message: 'maker_get_request cannot need approval: agents use it to learn the outcome of approvals.',
      });
    }
  });
export type AgentPolicy = z.output<typeof agentPolicySchema>;
export type AgentPolicyInput = z.input<typeof agentPolicySchema>;

/** The seed's policy, word for word: default deny, `maker_start_session` at 10 a minute per grant. */
export const SEED_POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    maker_start_session: {
      limits: [{ counter: 'maker_start_session_rate', window: 'minute', max: 10, scope: 'grant' }],
    },
  },
} satisfies AgentPolicyInput;

/**
 * What Perch ships: the seed's policy plus an explicit entry for every other tool, so nothing is
 * allowed by accident and each decision can be read in one place.
 */
export const DEFAULT_AGENT_POLICY = {
  version: '1',
  default: 'deny',
  tools: {
    ...SEED_POLICY.tools,
    maker_start_sessions_bulk: {
      limits: [{ counter: 'maker_start_sessions_bulk_rate', window: 'minute', max: 2, scope: 'grant' }],
      deny_if: [
        { path: 'args.learnerIds.length', op: 'gt', value: 50, reason: 'A class start covers at most 50 learners.' },
      ],
    },
    maker_start_guest_session: {
      limits: [{ counter: 'maker_start_guest_session_rate', window: 'minute', max: 10, scope: 'grant' }],
    },
    maker_reissue_code: {
      limits: [{ counter: 'maker_reissue_code_rate', window: 'minute', max: 10, scope: 'grant' }],
    },
    maker_end_session: {},
    maker_force_end_session: {
      require: [{ path: 'args.reason', op: 'exists', reason: 'Say why the session is being force-ended.' }],
    },
    maker_revoke_batch: { approval: 'required' },
    maker_list_sessions: {},
    maker_list_learners: {},
    maker_create_learner: {
      require: [{ path: 'args.consent', op: 'eq', value: true, reason: 'An adult must confirm consent first.' }],
      limits: [{ counter: 'maker_create_learner_rate', window: 'minute', max: 30, scope: 'grant' }],
    },
    maker_archive_learner: { approval: 'required' },
    maker_get_request: {},
  },
} satisfies AgentPolicyInput;

export interface PolicyIssue {
  /** Where in the JSON document: `tools.maker_start_session.limits[0].window`; empty for the whole document. */
  path: string;
  message: string;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

/**
 * Reads a policy from JSON text. Every problem names its place in the document, so an admin (or a
 * PERCH_POLICY_FILE at start-up) is told exactly what to fix.
 */
export function parseAgentPolicy(text: string): { ok: true; policy: AgentPolicy } | { ok: false; issues: PolicyIssue[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ path: '', message: `The policy is not valid JSON: ${(err as Error).message}` }] };
  }
  const parsed = agentPolicySchema.safeParse(raw);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
}

/** "tools.x.max: max must be at least 1." — one line per issue, the path first unless the message names it. */
export function describePolicyIssue(issue: PolicyIssue): string {
  if (!issue.path || issue.message.includes(`“${issue.path}”`)) return issue.message;
  return `${issue.path}: ${issue.message}`;
}

const OP_WORDS: Record<PolicyOp, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  not_in: 'is not one of',
  lt: 'is below',
  lte: 'is at most',
  gt: 'is above',
  gte: 'is at least',
  regex: 'matches',
  exists: 'is given',
};

/** "args.durationMin is above 240": a rule in words, the same in an agent's denial and on the Agents page. */
export function describeCondition(c: PolicyCondition): string {
  if (c.op === 'exists') return `${c.path} ${c.value === false ? 'is not given' : 'is given'}`;
  const value = c.op === 'regex' ? `/${String(c.value)}/` : JSON.stringify(c.value);
  return `${c.path} ${OP_WORDS[c.op]} ${value}`;
}

/** "10 calls a minute": how a counter's window reads in a sentence. */
export const POLICY_WINDOW_WORDS: Record<PolicyWindow, string> = { second: 'a second', minute: 'a minute', hour: 'an hour', day: 'a day' };
