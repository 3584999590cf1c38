import { SEED_POLICY } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLearner } from '../sessions/test-fixtures';
import {
  TEST_REDIS_URL,
  createTestServices,
  signedInAdmin,
  startTestServer,
  type FakeClient,
  type TestServices,
} from '../test/harness';
import { call, connectAgent, newGrant, setPolicy, startOfNextMinute, textOf } from './test-agent';

type Server = Awaited<ReturnType<typeof startTestServer>>;

describe('agents across two instances (PostgreSQL + Redis)', () => {
  let a: TestServices;
  let b: TestServices;
  let serverA: Server;
  let serverB: Server;
  let admin: FakeClient;

  beforeAll(async () => {
    // The people's per-admin cap is raised so the only cap in play is the policy's, shared through Redis.
    const env = { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_SESSION_START_PER_MIN: '1000' };
    a = await createTestServices('postgres', env);
    b = await createTestServices('postgres', env, { shareWith: a });
    serverA = await startTestServer(a);
    serverB = await startTestServer(b);
    admin = await signedInAdmin(a);
    await setPolicy(admin, SEED_POLICY);
  });
  afterAll(async () => {
    await Promise.all([serverA.close(), serverB.close()]);
    await b.close();
    await a.close();
  });

  it('count one grant’s maker_start_session calls together: 10 a minute across both, not 20', async () => {
    const { secret } = await newGrant(admin, 'Two-instance agent');
    const learner = await addLearner(a);
    const onA = await connectAgent(serverA.url, secret);
    const onB = await connectAgent(serverB.url, secret, { modern: true });
    // Both instances read the same clock offset, so both count in the same UTC minute.
    startOfNextMinute(a);
    b.advance(a.now() - b.now());

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
    const { id, secret } = await newGrant(admin, 'Revoked elsewhere');
    const onB = await connectAgent(serverB.url, secret);
    expect((await onB.listTools()).tools.length).toBeGreaterThan(0);
    await admin.caller.agents.grants.revoke({ grantId: id });
    await expect(onB.listTools()).rejects.toThrow();
    await onB.close();
  });

  it('applies a policy saved on one instance at the next call on the other', async () => {
    const onB = await connectAgent(serverB.url, (await newGrant(admin, 'Policy follower')).secret);
    expect((await call(onB, 'maker_list_sessions')).isError).toBe(true);
    await setPolicy(admin, { ...SEED_POLICY, tools: { ...SEED_POLICY.tools, maker_list_sessions: {} } });
    expect((await call(onB, 'maker_list_sessions')).isError).toBeFalsy();
    await onB.close();
  });
});
