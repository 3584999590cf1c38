import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_COOKIE, DEFAULT_AGENT_POLICY, SEED_POLICY, auditDetailWords, type AgentPolicyInput } from '@perch/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestServices, signedInAdmin, trpcHttp } from '../test/harness';
import { policyInForce } from './policy.store';
import { agentSuite, call, connectAgent, newGrant, setPolicy, textOf } from './test-agent';

const hideArchive: AgentPolicyInput = { version: '1', default: 'allow', hide: ['maker_archive_learner'] };

for (const dialect of DIALECTS) {
  describe(`agent policy in the database (${dialect})`, () => {
    const t = agentSuite(dialect);

    it('starts as the shipped default', async () => {
      const view = await t.admin.caller.agents.policy.get();
      expect(view).toMatchObject({ source: 'default', readOnly: false, unreadable: false, filePath: null, updatedAt: null });
      expect(JSON.parse(view.text)).toEqual(DEFAULT_AGENT_POLICY);
    });

    it('refuses a malformed policy naming its JSON path, and keeps enforcing the previous one', async () => {
      await setPolicy(t.admin, hideArchive);
      const agent = await connectAgent(t.server.url, (await newGrant(t.admin)).secret);
      const bad = JSON.stringify({ version: '1', default: 'allow', tools: { maker_start_session: { limits: [{ counter: 'c', window: 'week', max: 5 }] } } });

      const res = await trpcHttp<never>(t.server.url, 'mutation', 'agents.policy.update', { text: bad }, {
        cookie: `${ADMIN_COOKIE}=${t.admin.cookies[ADMIN_COOKIE]}`,
        origin: 'http://localhost:3000',
      });
      expect(res.status).toBe(400);
      expect(res.body.error?.data).toMatchObject({
        reason: 'VALIDATION',
        fieldErrors: { 'tools.maker_start_session.limits[0].window': 'tools.maker_start_session.limits[0].window: window is one of second, minute, hour or day.' },
      });
      expect(res.body.error?.message).toBe('tools.maker_start_session.limits[0].window: window is one of second, minute, hour or day.');
      await expect(setPolicy(t.admin, '{ "version": "1", ')).rejects.toMatchObject({ code: 'BAD_REQUEST' });

      expect(JSON.parse((await t.admin.caller.agents.policy.get()).text)).toEqual(hideArchive);
      expect((await agent.listTools()).tools.map((t) => t.name)).not.toContain('maker_archive_learner');
      expect(textOf(await call(agent, 'maker_archive_learner', { learnerId: '00000000-0000-4000-8000-000000000000' }))).toMatch(/hides it/);
      await agent.close();
    });

    it('keeps each saved version and audits what changed', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      const changed = {
        ...SEED_POLICY,
        tools: {
          maker_start_session: { limits: [{ counter: 'maker_start_session_rate', window: 'minute' as const, max: 20, scope: 'grant' as const }] },
          maker_list_learners: {},
        },
      };
      const view = await setPolicy(t.admin, changed);
      expect(view).toMatchObject({ source: 'database', updatedBy: 'teacher@example.org' });
      expect(view.policy.tools.maker_start_session?.limits?.[0]?.max).toBe(20);
      const [entry] = (await t.admin.caller.audit.list({ actions: ['agent.policy_update'], limit: 1 })).items;
      expect(entry).toMatchObject({ actorType: 'admin', actorLabel: 'teacher@example.org' });
      expect(entry!.detail).toEqual({
        from: 'database',
        changeCount: 2,
        changes: [
          { path: 'tools.maker_start_session.limits[0].max', from: 10, to: 20 },
          { path: 'tools.maker_list_learners', to: {} },
        ],
      });
      const versions = await t.services.db.selectFrom('agent_policies').select('id').execute();
      expect(versions.length).toBeGreaterThanOrEqual(3);
    });

    it('is parsed once per saved version: calls reuse it until a newer version is stored', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      const first = await policyInForce(t.services);
      expect(await policyInForce(t.services)).toBe(first);
      expect(first.tools.maker_start_session?.limits?.[0]?.max).toBe(10);
      await setPolicy(t.admin, hideArchive);
      const second = await policyInForce(t.services);
      expect(second).not.toBe(first);
      expect(second.hide).toEqual(['maker_archive_learner']);
      expect(await policyInForce(t.services)).toBe(second);
    });

    // Only a damaged database holds such rows (a hand edit, a partial write): saves validate first.
    const DAMAGED = { 'an invalid policy': '{ "version": "2" }', 'text that is not JSON': '{ "version": "1", "default": "al' };
    for (const [kind, damaged] of Object.entries(DAMAGED)) {
      it(`denies every call, saying why, while the stored policy is ${kind}; saving a valid one repairs it`, async () => {
        const agent = await connectAgent(t.server.url, (await newGrant(t.admin, 'Unlucky')).secret);
        await t.services.db.insertInto('agent_policies').values({ policy: damaged, created_by: null, created_at: t.services.now() }).execute();
        for (let i = 0; i < 2; i++) {
          expect((await agent.listTools()).tools).toEqual([]);
          const denied = await call(agent, 'maker_list_sessions');
          expect(denied.isError).toBe(true);
          expect(denied.structuredContent).toMatchObject({ denied: true, rule: 'unreadable' });
          expect(textOf(denied)).toBe(
            'Perch’s stored agent policy cannot be read, so every agent call is refused. Do not retry; an admin must save a valid policy on Perch’s Agents page.',
          );
        }
        // The Agents page still opens, showing the damaged text to repair, and is told it is damaged.
        expect(await t.admin.caller.agents.policy.get()).toMatchObject({
          source: 'database',
          text: damaged,
          unreadable: true,
          policy: { default: 'deny', hide: ['*'] },
        });

        expect(await setPolicy(t.admin, { version: '1', default: 'allow' })).toMatchObject({ unreadable: false });
        expect((await call(agent, 'maker_list_sessions')).isError).toBeFalsy();
        const [entry] = (await t.admin.caller.audit.list({ actions: ['agent.policy_update'], limit: 1 })).items;
        expect(entry!.detail).toEqual({ from: 'database', previousUnreadable: true, changeCount: 2, changes: [{ path: 'version', to: '1' }, { path: 'default', to: 'allow' }] });
        expect(auditDetailWords(entry!)).toMatch(/^Replaced the saved policy, which could not be read \(every agent call was refused\)\. 2 changes: /);
        await agent.close();
      });
    }
  });
}

describe('a policy pinned by PERCH_POLICY_FILE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-policy-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is in force and read-only', async () => {
    const file = path.join(dir, 'policy.json');
    fs.writeFileSync(file, JSON.stringify(hideArchive));
    const services = await createTestServices('sqlite', { PERCH_POLICY_FILE: file });
    try {
      const admin = await signedInAdmin(services);
      const view = await admin.caller.agents.policy.get();
      expect(view).toMatchObject({ source: 'file', readOnly: true, unreadable: false, filePath: file, policy: { hide: ['maker_archive_learner'] } });
      await expect(setPolicy(admin, SEED_POLICY)).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: `The agent policy is pinned by PERCH_POLICY_FILE (${file}); edit that file and restart Perch to change it.`,
      });
    } finally {
      await services.close();
    }
  });

  it('stops Perch at start-up when invalid, naming each problem’s path', async () => {
    const file = path.join(dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify({ version: '1', tools: { maker_start_session: { limits: [{ counter: 'c', window: 'minute', max: -1 }] } } }));
    await expect(createTestServices('sqlite', { PERCH_POLICY_FILE: file })).rejects.toThrow(
      `PERCH_POLICY_FILE: ${file} is not a valid agent policy:\n  tools.maker_start_session.limits[0].max: max must be at least 1 (to block a tool, use "action": "deny").`,
    );
    await expect(createTestServices('sqlite', { PERCH_POLICY_FILE: path.join(dir, 'missing.json') })).rejects.toThrow(/cannot read .*missing\.json \(ENOENT\)/);
  });
});
