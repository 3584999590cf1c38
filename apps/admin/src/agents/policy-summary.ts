import { describeCondition, POLICY_WINDOW_WORDS, type AgentPolicy, type AgentToolName, type PolicyLimit } from '@perch/shared';

/** What the policy in force does with one tool, as the tools table shows it. */
export interface ToolPolicySummary {
  verdict: 'hidden' | 'blocked' | 'unlisted' | 'approval' | 'allowed';
  /** A word or two for the badge. */
  label: string;
  /** Limits and argument rules, one short phrase each. */
  details: string[];
}

/** "10 a minute per grant", "100 a day across all grants". */
export function describeLimit(limit: PolicyLimit): string {
  return `${limit.max} ${POLICY_WINDOW_WORDS[limit.window]} ${limit.scope === 'global' ? 'across all grants' : 'per grant'}`;
}

/**
 * The policy's decision for a tool before its arguments are seen, in the order the server applies
 * it (docs/AGENTS.md): hidden, blocked, unlisted under default deny, then approval or allowed.
 */
export function summarizeToolPolicy(policy: AgentPolicy, tool: AgentToolName): ToolPolicySummary {
  if (policy.hide?.some((h) => h === '*' || h === tool)) return { verdict: 'hidden', label: 'Hidden', details: [] };
  const rule = policy.tools[tool];
  if (rule?.action === 'deny') return { verdict: 'blocked', label: 'Blocked', details: rule.reason ? [rule.reason] : [] };
  if (!rule && policy.default === 'deny') return { verdict: 'unlisted', label: 'Not allowed (unlisted)', details: [] };
  const details = [
    ...(rule?.limits ?? []).map(describeLimit),
    ...(rule?.require ?? []).map((c) => `Only when ${describeCondition(c)}`),
    ...(rule?.deny_if ?? []).map((c) => `Refused if ${describeCondition(c)}`),
  ];
  return rule?.approval === 'required'
    ? { verdict: 'approval', label: 'Needs approval', details }
    : { verdict: 'allowed', label: 'Allowed', details };
}
