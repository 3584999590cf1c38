import {
  AGENT_TOOLS,
  DEFAULT_AGENT_POLICY,
  SEED_POLICY,
  agentPolicySchema,
  parseAgentPolicy,
  type AgentPolicyInput,
  type PolicyCondition,
} from '@perch/shared';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../platform/rate-limiter';
import { checkArgs, checkTool, holds, releaseLimits, reserveLimits, resolvePath, type Allowed } from './policy.engine';

const policy = (p: AgentPolicyInput) => agentPolicySchema.parse(p);
const cond = (c: Omit<PolicyCondition, 'reason'>) => c as PolicyCondition;

describe('the shipped policy', () => {
  it('is the seed’s policy word for word, plus an explicit entry for every other tool', () => {
    expect(DEFAULT_AGENT_POLICY.version).toBe(SEED_POLICY.version);
    expect(DEFAULT_AGENT_POLICY.default).toBe(SEED_POLICY.default);
    expect(DEFAULT_AGENT_POLICY.tools.maker_start_session).toEqual(SEED_POLICY.tools.maker_start_session);
    expect(Object.keys(DEFAULT_AGENT_POLICY.tools).sort()).toEqual([...AGENT_TOOLS].sort());
    expect(parseAgentPolicy(JSON.stringify(DEFAULT_AGENT_POLICY)).ok).toBe(true);
    expect(DEFAULT_AGENT_POLICY.tools.maker_revoke_batch).toEqual({ approval: 'required' });
    expect(DEFAULT_AGENT_POLICY.tools.maker_start_sessions_bulk.limits[0]).toMatchObject({ window: 'minute', max: 2 });
  });
});

describe('docs/AGENTS.md', () => {
  it('shows the shipped default policy exactly', () => {
    const doc = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/AGENTS.md'), 'utf8');
    const section = doc.slice(doc.indexOf('### The shipped default'));
    const json = section.slice(section.indexOf('```json') + '```json'.length, section.indexOf('```', section.indexOf('```json') + 7));
    expect(JSON.parse(json)).toEqual(DEFAULT_AGENT_POLICY);
  });
});

describe('policy validation', () => {
  it('names the JSON path of every problem', () => {
    const bad = parseAgentPolicy(
      JSON.stringify({
        version: '2',
        default: 'maybe',
        hide: ['maker_nothing'],
        tools: {
          maker_start_session: { limits: [{ counter: 'x', window: 'fortnight', max: 0 }], deny_if: [{ path: 'durationMin', op: 'gt', value: 'a lot' }] },
          maker_list_learners: { require: [{ path: 'args.search', op: 'regex', value: '(' }], approval: 'yes' },
          maker_teleport: {},
        },
      }),
    );
    expect(bad.ok).toBe(false);
    const paths = bad.ok ? [] : bad.issues.map((i) => i.path);
    expect(paths).toEqual([
      'version',
      'default',
      'hide[0]',
      'tools.maker_start_session.limits[0].window',
      'tools.maker_start_session.limits[0].max',
      'tools.maker_start_session.deny_if[0].path',
      'tools.maker_start_session.deny_if[0].value',
      'tools.maker_list_learners.require[0].value',
      'tools.maker_list_learners.approval',
      'tools.maker_teleport',
    ]);
  });

  it('says where the JSON itself is broken', () => {
    const bad = parseAgentPolicy('{"version": "1",');
    expect(bad.ok ? null : bad.issues[0]?.message).toMatch(/^The policy is not valid JSON/);
  });

  it('refuses approval on maker_get_request, which agents need to learn outcomes', () => {
    const bad = parseAgentPolicy(JSON.stringify({ version: '1', tools: { maker_get_request: { approval: 'required' } } }));
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['tools.maker_get_request.approval']);
  });
});

describe('conditions', () => {
  const args = { learnerIds: ['a', 'b', 'c'], durationMin: 90, reason: 'Left early', label: null };

  it('read arguments by camelCase or snake_case path, with length and indexes', () => {
    expect(resolvePath('args.durationMin', args)).toBe(90);
    expect(resolvePath('args.duration_min', args)).toBe(90);
    expect(resolvePath('args.learner_ids.length', args)).toBe(3);
    expect(resolvePath('args.learnerIds.1', args)).toBe('b');
    expect(resolvePath('args.reason.length', args)).toBe(10);
    expect(resolvePath('args.missing.deeper', args)).toBeUndefined();
  });

  it('apply each operator; a missing argument never compares', () => {
    const t = (c: Omit<PolicyCondition, 'reason'>) => holds(cond(c), args);
    expect(t({ path: 'args.durationMin', op: 'eq', value: 90 })).toBe(true);
    expect(t({ path: 'args.durationMin', op: 'neq', value: 90 })).toBe(false);
    expect(t({ path: 'args.durationMin', op: 'in', value: [30, 90] })).toBe(true);
    expect(t({ path: 'args.durationMin', op: 'not_in', value: [30, 90] })).toBe(false);
    expect(t({ path: 'args.durationMin', op: 'lt', value: 90 })).toBe(false);
    expect(t({ path: 'args.durationMin', op: 'lte', value: 90 })).toBe(true);
    expect(t({ path: 'args.durationMin', op: 'gt', value: 89 })).toBe(true);
    expect(t({ path: 'args.durationMin', op: 'gte', value: 91 })).toBe(false);
    expect(t({ path: 'args.reason', op: 'regex', value: '^left', })).toBe(false);
    expect(t({ path: 'args.reason', op: 'regex', value: '^Left' })).toBe(true);
    expect(t({ path: 'args.reason', op: 'exists' })).toBe(true);
    expect(t({ path: 'args.label', op: 'exists' })).toBe(false);
    expect(t({ path: 'args.nothing', op: 'exists', value: false })).toBe(true);
    expect(t({ path: 'args.nothing', op: 'gt', value: 0 })).toBe(false);
    expect(t({ path: 'args.nothing', op: 'lt', value: 0 })).toBe(false);
    expect(t({ path: 'args.nothing', op: 'neq', value: 1 })).toBe(true);
  });
});

describe('decisions', () => {
  it('hide, deny with a reason, and default deny or allow', () => {
    expect(checkTool(policy({ version: '1', default: 'allow', hide: ['*'] }), 'maker_list_sessions')?.rule).toBe('hide');
    const denied = checkTool(
      policy({ version: '1', default: 'allow', tools: { maker_revoke_batch: { action: 'deny', reason: 'Classes end by hand here.' } } }),
      'maker_revoke_batch',
    );
    expect(denied).toEqual({
      rule: 'tools.maker_revoke_batch.action',
      message: 'maker_revoke_batch is blocked by the policy: Classes end by hand here. Do not retry; an admin can change this on Perch\'s Agents page.',
    });
    expect(checkTool(policy({ version: '1', default: 'deny' }), 'maker_list_sessions')?.rule).toBe('default');
    expect(checkTool(policy({ version: '1', default: 'allow' }), 'maker_list_sessions')).toBeNull();
    expect(checkTool(policy({ version: '1', default: 'deny', tools: { maker_list_sessions: {} } }), 'maker_list_sessions')).toBeNull();
  });

  it('checks require before deny_if, and reports approval and limits', () => {
    const p = policy({
      version: '1',
      tools: {
        maker_force_end_session: {
          require: [{ path: 'args.reason', op: 'exists', reason: 'Say why.' }],
          deny_if: [{ path: 'args.reason', op: 'regex', value: 'test' }],
          approval: 'required',
          limits: [{ counter: 'ends', window: 'hour', max: 5 }],
        },
      },
      all_tools: { limits: [{ counter: 'all', window: 'day', max: 100, scope: 'global' }] },
    });
    expect(checkArgs(p, 'maker_force_end_session', {})).toMatchObject({
      rule: 'tools.maker_force_end_session.require[0]',
      message: 'maker_force_end_session was refused: Say why. (rule tools.maker_force_end_session.require[0]). Change the arguments and try again.',
    });
    expect(checkArgs(p, 'maker_force_end_session', { reason: 'a test' })).toMatchObject({ rule: 'tools.maker_force_end_session.deny_if[0]' });
    const ok = checkArgs(p, 'maker_force_end_session', { reason: 'broken tablet' }) as Allowed;
    expect(ok.approval).toBe(true);
    expect(ok.limits.map((l) => [l.rule, l.limit.scope])).toEqual([
      ['tools.maker_force_end_session.limits[0]', 'grant'],
      ['all_tools.limits[0]', 'global'],
    ]);
  });
});

describe('counters', () => {
  const MINUTE = 60_000;

  it('count per grant in UTC calendar windows and say when the window turns', async () => {
    let now = Date.UTC(2026, 10, 25, 12, 0, 18);
    const limiter = new MemoryRateLimiter({ now: () => now });
    const { limits } = checkArgs(policy(SEED_POLICY), 'maker_start_session', {}) as Allowed;
    for (let i = 0; i < 10; i++) expect(Array.isArray(await reserveLimits(limiter, limits, 'g1', now))).toBe(true);
    expect(await reserveLimits(limiter, limits, 'g1', now)).toEqual({
      rule: 'tools.maker_start_session.limits[0]',
      message: 'maker_start_session is limited to 10 calls a minute for this grant; try again in 42 s.',
      retryAfterSec: 42,
    });
    // Another grant has its own count.
    expect(Array.isArray(await reserveLimits(limiter, limits, 'g2', now))).toBe(true);
    // 12:01:00 UTC starts a new window, whenever the first call of the last one came.
    now = Date.UTC(2026, 10, 25, 12, 1, 0);
    expect(Array.isArray(await reserveLimits(limiter, limits, 'g1', now))).toBe(true);
    now += MINUTE - 1;
    expect(Array.isArray(await reserveLimits(limiter, limits, 'g1', now))).toBe(true);
  });

  it('mark global counters as ceilings over every grant, so a degraded instance enforces its share', async () => {
    const now = Date.UTC(2026, 10, 25, 9, 30, 0);
    // What the Redis limiter falls back to while Redis is down, with PERCH_INSTANCES=2.
    const limiter = new MemoryRateLimiter({ now: () => now, instances: 2 });
    const p = policy({ version: '1', all_tools: { limits: [{ counter: 'all', window: 'minute', max: 4, scope: 'global' }] }, default: 'allow' });
    const { limits } = checkArgs(p, 'maker_list_sessions', {}) as Allowed;
    const outcomes = [];
    for (const grant of ['g1', 'g2', 'g3']) outcomes.push(Array.isArray(await reserveLimits(limiter, limits, grant, now)));
    expect(outcomes).toEqual([true, true, false]);
  });

  it('take a unit from every limit or from none, and give units back', async () => {
    const now = Date.UTC(2026, 10, 25, 9, 30, 0);
    const limiter = new MemoryRateLimiter({ now: () => now });
    const p = policy({
      version: '1',
      tools: { maker_list_sessions: { limits: [{ counter: 'lists', window: 'minute', max: 5 }] } },
      all_tools: { limits: [{ counter: 'everything', window: 'hour', max: 2, scope: 'global' }] },
    });
    const { limits } = checkArgs(p, 'maker_list_sessions', {}) as Allowed;
    const first = await reserveLimits(limiter, limits, 'g1', now);
    expect(Array.isArray(first)).toBe(true);
    expect(Array.isArray(await reserveLimits(limiter, limits, 'g2', now))).toBe(true);
    expect(await reserveLimits(limiter, limits, 'g3', now)).toMatchObject({
      rule: 'all_tools.limits[0]',
      message: 'Every tool together is limited to 2 calls an hour across all agents; try again in 30 min.',
    });
    // Giving g1's call back frees a unit of the shared hourly counter.
    await releaseLimits(limiter, first as { key: string; cost: number }[]);
    expect(Array.isArray(await reserveLimits(limiter, limits, 'g3', now))).toBe(true);
  });
});
