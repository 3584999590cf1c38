import type { Client } from '@modelcontextprotocol/client';
import { AGENT_REQUEST_TTL_MS, DEFAULT_AGENT_POLICY, type AgentRequest, type MintedSession } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, fakeClient, signedInAdmin, trpcHttp } from '../test/harness';
import { addLearner, tick } from '../sessions/test-fixtures';
import { agentSuite, call, connectAgent, newGrant, setPolicy, textOf } from './test-agent';

const withApprovalOnStart = {
  ...DEFAULT_AGENT_POLICY,
  tools: { ...DEFAULT_AGENT_POLICY.tools, maker_start_session: { approval: 'required' as const } },
};

for (const dialect of DIALECTS) {
  describe(`approval requests (${dialect})`, () => {
    const t = agentSuite(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
    let agent: Client;

    beforeAll(async () => {
      agent = await connectAgent(t.server.url, (await newGrant(t.admin, '3 o’clock helper')).secret);
    });
    afterAll(() => agent.close());

    /** The agent asks; the answer is a request id, and nothing has run. */
    async function ask(tool: string, args: Record<string, unknown>) {
      const asked = await call(agent, tool, args);
      expect(asked.isError).toBeFalsy();
      expect(asked.structuredContent).toMatchObject({ approvalRequired: true, state: 'pending', tool });
      expect(textOf(asked)).toMatch(new RegExp(`^${tool} needs an admin’s approval, so it has not run yet\\.`));
      return (asked.structuredContent as { requestId: string }).requestId;
    }

    it('runs an approved maker_start_session once, when the agent fetches it, and hands the agent the code', async () => {
      await setPolicy(t.admin, withApprovalOnStart);
      const learner = await addLearner(t.services, { name: 'Katherine Johnson' });
      const requestId = await ask('maker_start_session', { learner_id: learner.id, duration_min: 30 });
      expect(await t.services.db.selectFrom('sessions').select('id').where('learner_id', '=', learner.id).execute()).toEqual([]);

      const waiting = await call(agent, 'maker_get_request', { requestId });
      expect(textOf(waiting)).toMatch(/^Still waiting for an admin to approve maker_start_session/);

      const [listed] = await t.admin.caller.agents.requests.list({ states: ['pending'] });
      expect(listed).toMatchObject({
        id: requestId,
        tool: 'maker_start_session',
        args: { learnerId: learner.id, durationMin: 30, idleLockMin: 10 },
        grantLabel: '3 o’clock helper',
        state: 'pending',
      });
      const approved = await t.admin.caller.agents.requests.approve({ requestId });
      expect(approved).toMatchObject({ state: 'approved', decidedBy: 'teacher@example.org' });

      const result = await call(agent, 'maker_get_request', { request_id: requestId });
      expect(result.isError).toBeFalsy();
      const minted = result.structuredContent as MintedSession;
      expect(minted.learnerName).toBe('Katherine Johnson');
      expect(textOf(result)).toMatch(/^Approved by teacher@example\.org\. Started a 30-minute session for Katherine Johnson\./);
      const redeemed = await trpcHttp(t.server.url, 'mutation', 'kiosk.redeem', { code: minted.redemptionCode });
      expect(redeemed.status).toBe(200);

      // Never twice: the next fetch says it already ran, and nothing stored holds the code.
      const again = await call(agent, 'maker_get_request', { requestId });
      expect(textOf(again)).toMatch(/already ran .* it never runs twice\.$/);
      const row = await t.services.db.selectFrom('agent_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
      expect(row.state).toBe('done');
      expect(JSON.stringify(row)).not.toContain(minted.redemptionCode);
      expect(await t.services.db.selectFrom('sessions').select('id').where('learner_id', '=', learner.id).execute()).toHaveLength(1);
      const actions = (await t.admin.caller.audit.list({ actions: ['agent.request', 'agent.request_approve'], limit: 2 })).items;
      expect(actions.map((a) => [a.action, a.actorType])).toEqual([
        ['agent.request_approve', 'admin'],
        ['agent.request', 'agent'],
      ]);
    });

    it('needs approval for batch revocation under the shipped policy', async () => {
      await setPolicy(t.admin, DEFAULT_AGENT_POLICY);
      const [a, b] = [await addLearner(t.services), await addLearner(t.services)];
      const bulk = await call(agent, 'maker_start_sessions_bulk', { learner_ids: [a.id, b.id], label: 'Robotics' });
      expect(bulk.isError).toBeFalsy();
      const { batchId } = bulk.structuredContent as { batchId: string };
      const requestId = await ask('maker_revoke_batch', { batch_id: batchId });
      await t.admin.caller.agents.requests.approve({ requestId });
      const result = await call(agent, 'maker_get_request', { requestId });
      expect(result.structuredContent).toEqual({ revoked: 2 });
      const states = await t.services.db.selectFrom('sessions').select('state').where('batch_id', '=', batchId).execute();
      expect(states.map((s) => s.state)).toEqual(['revoked', 'revoked']);
    });

    it('tells the agent of a decline, and refuses a second decision', async () => {
      await setPolicy(t.admin, withApprovalOnStart);
      const requestId = await ask('maker_start_session', { learnerId: (await addLearner(t.services)).id });
      await t.admin.caller.agents.requests.decline({ requestId });
      await expect(t.admin.caller.agents.requests.approve({ requestId })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'This request was already declined.',
      });
      expect(textOf(await call(agent, 'maker_get_request', { requestId }))).toMatch(/^An admin declined maker_start_session; it did not run\./);
    });

    it('lets a request lapse after 15 minutes', async () => {
      await setPolicy(t.admin, withApprovalOnStart);
      const requestId = await ask('maker_start_session', { learnerId: (await addLearner(t.services)).id });
      t.services.advance(AGENT_REQUEST_TTL_MS);
      t.admin = await signedInAdmin(t.services);
      await expect(t.admin.caller.agents.requests.approve({ requestId })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/lapsed/) });
      expect((await t.admin.caller.agents.requests.list({ states: ['expired'] })).map((r) => r.id)).toContain(requestId);
      expect(textOf(await call(agent, 'maker_get_request', { requestId }))).toMatch(/lapsed before it ran/);
    });

    it('answers only the grant that asked', async () => {
      await setPolicy(t.admin, withApprovalOnStart);
      const requestId = await ask('maker_start_session', { learnerId: (await addLearner(t.services)).id });
      await t.admin.caller.agents.requests.approve({ requestId });
      const other = await connectAgent(t.server.url, (await newGrant(t.admin, 'Someone else')).secret);
      const stolen = await call(other, 'maker_get_request', { requestId });
      expect(stolen.isError).toBe(true);
      expect(textOf(stolen)).toBe('No request with that id was made with this grant.');
      await other.close();
      expect((await call(agent, 'maker_get_request', { requestId })).structuredContent).toMatchObject({ redemptionCode: expect.any(String) });
    });

    it('shows requests live to admins', async () => {
      await setPolicy(t.admin, withApprovalOnStart);
      const probeId = await ask('maker_start_session', { learnerId: (await addLearner(t.services)).id });
      await expect(fakeClient(t.services).caller.agents.requests.events()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const received: AgentRequest[] = [];
      const feed = await t.admin.caller.agents.requests.events();
      void (async () => {
        for await (const request of feed) received.push(request);
      })();
      const seen = async (match: (r: AgentRequest) => boolean) => {
        while (!received.some(match)) await tick(10);
      };
      // Republish a known request until the feed shows it: from then on the feed is listening.
      while (!received.some((r) => r.id === probeId)) {
        await t.services.agentEvents.publish({ requestId: probeId });
        await tick(10);
      }
      const requestId = await ask('maker_start_session', { learnerId: (await addLearner(t.services)).id });
      await seen((r) => r.id === requestId);
      expect(received.find((r) => r.id === requestId)).toMatchObject({ state: 'pending', tool: 'maker_start_session', grantLabel: '3 o’clock helper' });
      await t.admin.caller.agents.requests.approve({ requestId });
      await seen((r) => r.id === requestId && r.state === 'approved');
      await call(agent, 'maker_get_request', { requestId });
      await seen((r) => r.id === requestId && r.state === 'done');
      // The feed stays open until the suite's services close, as an admin's page would keep it.
    });
  });
}
