import { describeCondition, type AgentPolicy, type AgentToolName, type PolicyLimit } from '@perch/shared';
import { t } from '../i18n';
import 'messages:limit';
import 'messages:verdict';

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
  return t(limit.scope === 'global' ? 'limit.global' : 'limit.perGrant', { max: limit.max, window: limit.window });
}

/**
 * The policy's decision for a tool before its arguments are seen, in the order the server applies
 * it (docs/AGENTS.md): hidden, blocked, unlisted under default deny, then approval or allowed.
 */
export function summarizeToolPolicy(policy: AgentPolicy, tool: AgentToolName): ToolPolicySummary {
  if (policy.hide?.some((h) => h === '*' || h === tool)) return { verdict: 'hidden', label: t('verdict.hidden'), details: [] };
  const rule = policy.tools[tool];
  if (rule?.action === 'deny') return { verdict: 'blocked', label: t('verdict.blocked'), details: rule.reason ? [rule.reason] : [] };
  if (!rule && policy.default === 'deny') return { verdict: 'unlisted', label: t('verdict.unlisted'), details: [] };
  const details = [
    ...(rule?.limits ?? []).map(describeLimit),
    // The condition itself is the policy's own notation (args.reason is given), as the server words it.
    ...(rule?.require ?? []).map((c) => t('verdict.onlyWhen', { condition: describeCondition(c) })),
    ...(rule?.deny_if ?? []).map((c) => t('verdict.refusedIf', { condition: describeCondition(c) })),
  ];
  return rule?.approval === 'required'
    ? { verdict: 'approval', label: t('verdict.approval'), details }
    : { verdict: 'allowed', label: t('verdict.allowed'), details };
}
