import { agentPolicySchema, DEFAULT_AGENT_POLICY, type AgentPolicyInput } from '@perch/shared';
import { describe, expect, it } from 'vitest';
import { summarizeToolPolicy } from './policy-summary';

const policy = (input: AgentPolicyInput) => agentPolicySchema.parse(input);

describe('summarizeToolPolicy', () => {
  it('reads the shipped default: limits, argument rules and approval in words', () => {
    const shipped = policy(DEFAULT_AGENT_POLICY);
    expect(summarizeToolPolicy(shipped, 'maker_start_session')).toEqual({ verdict: 'allowed', label: 'Allowed', details: ['10 a minute per grant'] });
    expect(summarizeToolPolicy(shipped, 'maker_start_sessions_bulk').details).toEqual(['2 a minute per grant', 'Refused if args.learnerIds.length is above 50']);
    expect(summarizeToolPolicy(shipped, 'maker_force_end_session').details).toEqual(['Only when args.reason is given']);
    expect(summarizeToolPolicy(shipped, 'maker_revoke_batch')).toEqual({ verdict: 'approval', label: 'Needs approval', details: [] });
  });

  it('puts hide before deny, and deny before the default', () => {
    const p = policy({
      version: '1',
      default: 'deny',
      hide: ['maker_archive_learner'],
      tools: { maker_archive_learner: {}, maker_end_session: { action: 'deny', reason: 'Not from an assistant.' } },
    });
    expect(summarizeToolPolicy(p, 'maker_archive_learner').verdict).toBe('hidden');
    expect(summarizeToolPolicy(p, 'maker_end_session')).toEqual({ verdict: 'blocked', label: 'Blocked', details: ['Not from an assistant.'] });
    expect(summarizeToolPolicy(p, 'maker_list_sessions').verdict).toBe('unlisted');
    expect(summarizeToolPolicy(policy({ version: '1', default: 'allow' }), 'maker_list_sessions').verdict).toBe('allowed');
    expect(summarizeToolPolicy(policy({ version: '1', hide: ['*'] }), 'maker_get_request').verdict).toBe('hidden');
  });

  it('names a global counter and a negated exists', () => {
    const p = policy({
      version: '1',
      tools: {
        maker_create_learner: {
          limits: [{ counter: 'c', window: 'day', max: 100, scope: 'global' }],
          deny_if: [{ path: 'args.notes', op: 'exists', value: false }],
        },
      },
    });
    expect(summarizeToolPolicy(p, 'maker_create_learner').details).toEqual(['100 a day across all grants', 'Refused if args.notes is not given']);
  });
});
