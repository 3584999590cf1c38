import { SEED_POLICY } from '@perch/shared';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../test/harness';
import { call, connectAgent, newGrant, setPolicy, textOf, twoInstancesSuite } from './test-agent';

/** One raw tools/list POST, so the status code can be read. */
const listStatus = async (baseUrl: string, secret: string) =>
  (
    await fetch(new URL('/mcp', baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    })
  ).status;

// Each instance keeps the policy it parsed between calls (policy.store.ts) and nothing else about
// grants: these pin down that neither a saved policy nor a revocation waits for anything on another
// instance. Without Redis, on both databases (scale-out.test.ts covers PostgreSQL with Redis).
for (const dialect of DIALECTS) {
  describe(`agents on two instances of one database (${dialect})`, () => {
    const t = twoInstancesSuite(dialect);

    it('obeys a policy saved on one instance from the next call on the other, though that one keeps its parsed policy', async () => {
      await setPolicy(t.adminOnA, SEED_POLICY);
      const onB = await connectAgent(t.serverB.url, (await newGrant(t.adminOnA, 'Follower')).secret);
      // B parses the seed policy at its first call and answers the second from what it kept.
      for (let i = 0; i < 2; i++) expect(textOf(await call(onB, 'maker_list_sessions'))).toMatch(/the policy denies every tool it does not list/);

      await setPolicy(t.adminOnA, { ...SEED_POLICY, tools: { ...SEED_POLICY.tools, maker_list_sessions: {} } });
      expect((await call(onB, 'maker_list_sessions')).isError).toBeFalsy();

      await setPolicy(t.adminOnA, { version: '1', default: 'allow', hide: ['maker_list_sessions'] });
      expect((await onB.listTools()).tools.map((tool) => tool.name)).not.toContain('maker_list_sessions');
      expect(textOf(await call(onB, 'maker_list_sessions'))).toMatch(/hides it/);
      await onB.close();
    });

    it('refuses a grant revoked on one instance at its next call on the other', async () => {
      await setPolicy(t.adminOnA, { version: '1', default: 'allow' });
      const { id, secret } = await newGrant(t.adminOnA, 'Revoked on B');
      const onA = await connectAgent(t.serverA.url, secret);
      expect((await call(onA, 'maker_list_sessions')).isError).toBeFalsy();

      await t.adminOnB.caller.agents.grants.revoke({ grantId: id });
      await expect(call(onA, 'maker_list_sessions')).rejects.toThrow();
      expect(await listStatus(t.serverA.url, secret)).toBe(401);
      await onA.close();
    });
  });
}
