import { SEED_POLICY } from '@perch/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { addLearner } from '../sessions/test-fixtures';
import { TEST_REDIS_URL } from '../test/harness';
import { call, connectAgent, newGrant, setPolicy, startOfNextMinute, textOf, twoInstancesSuite } from './test-agent';

describe('agents across two instances (PostgreSQL + Redis)', () => {
  // The people's per-admin cap is raised so the only cap in play is the policy's, shared through Redis.
  const t = twoInstancesSuite('postgres', { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
  beforeAll(() => setPolicy(t.adminOnA, SEED_POLICY));

  it('count one grant’s maker_start_session calls together: 10 a minute across both, not 20', async () => {
    const { secret } = await newGrant(t.adminOnA, 'Two-instance agent');
    const learner = await addLearner(t.a);
    const onA = await connectAgent(t.serverA.url, secret);
    const onB = await connectAgent(t.serverB.url, secret, { modern: true });
    // Both instances read the same clock offset, so both count in the same UTC minute.
    startOfNextMinute(t.a);
    t.b.advance(t.a.now() - t.b.now());

    const outcomes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await call(i % 2 === 0 ? onA : onB, 'maker_start_session', { learnerId: learner.id, onExisting: 'keep' });
      outcomes.push(r.isError ? textOf(r) : 'started');
    }
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(10);
    const refusals = outcomes.filter((o) => o !== 'started');
    expect(refusals).toHaveLength(10);
    for (const r of refusals) expect(r).toMatch(/^maker_start_session is limited to 10 calls a minute for this grant; try again in \d+ s\.$/);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('refuses a grant revoked on one instance at its next call on the other', async () => {
    const { id, secret } = await newGrant(t.adminOnA, 'Revoked elsewhere');
    const onB = await connectAgent(t.serverB.url, secret);
    expect((await onB.listTools()).tools.length).toBeGreaterThan(0);
    await t.adminOnA.caller.agents.grants.revoke({ grantId: id });
    await expect(onB.listTools()).rejects.toThrow();
    await onB.close();
  });

  it('applies a policy saved on one instance at the next call on the other', async () => {
    const onB = await connectAgent(t.serverB.url, (await newGrant(t.adminOnA, 'Policy follower')).secret);
    expect((await call(onB, 'maker_list_sessions')).isError).toBe(true);
    await setPolicy(t.adminOnA, { ...SEED_POLICY, tools: { ...SEED_POLICY.tools, maker_list_sessions: {} } });
    expect((await call(onB, 'maker_list_sessions')).isError).toBeFalsy();
    await onB.close();
  });
});
