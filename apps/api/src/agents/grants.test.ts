import crypto from 'node:crypto';
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, fakeClient, signedInAdmin } from '../test/harness';
import { addLearner } from '../sessions/test-fixtures';
import { agentSuite, call, connectAgent, newGrant, setPolicy, textOf } from './test-agent';

/** One raw JSON-RPC POST to /mcp, so status codes and headers can be read. */
function postMcp(baseUrl: string, headers: Record<string, string>) {
  return fetch(new URL('/mcp', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
}

/** A request with a Host header fetch() would not let us set. */
function postWithHost(baseUrl: string, host: string, secret: string): Promise<number> {
  const url = new URL('/mcp', baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { host, authorization: `Bearer ${secret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }));
  });
}

for (const dialect of DIALECTS) {
  describe(`agent grants (${dialect})`, () => {
    const t = agentSuite(dialect);
    beforeAll(() => setPolicy(t.admin, { version: '1', default: 'allow' }));

    it('are for admins only', async () => {
      await expect(fakeClient(t.services).caller.agents.grants.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(fakeClient(t.services).caller.agents.policy.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });

    it('show the secret once, with a client configuration; only its SHA-256 is stored', async () => {
      const created = await t.admin.caller.agents.grants.create({ label: '  Ms Lovelace’s assistant ' });
      expect(created.secret).toMatch(/^perch_agent_[A-Za-z0-9_-]{43}$/);
      expect(created.grant).toMatchObject({ label: 'Ms Lovelace’s assistant', status: 'active', callCount: 0, lastUsedAt: null });
      expect(Date.parse(created.grant.expiresAt) - Date.parse(created.grant.createdAt)).toBe(90 * 86_400_000);
      expect(created.mcpUrl).toBe('http://localhost:3000/mcp');
      expect(created.clientConfig.mcpServers.perch).toEqual({
        type: 'http',
        url: 'http://localhost:3000/mcp',
        headers: { Authorization: `Bearer ${created.secret}` },
      });
      const row = await t.services.db.selectFrom('agent_grants').selectAll().where('id', '=', created.grant.id).executeTakeFirstOrThrow();
      expect(row.secret_hash).toBe(crypto.createHash('sha256').update(created.secret).digest('hex'));
      expect(JSON.stringify(row)).not.toContain(created.secret.slice('perch_agent_'.length));
      const listed = await t.admin.caller.agents.grants.list();
      expect(listed.find((g) => g.id === created.grant.id)).toEqual(created.grant);
      expect(JSON.stringify(listed)).not.toContain(created.secret);
      const { items } = await t.admin.caller.audit.list({ actions: ['agent.grant_create'], limit: 1 });
      expect(JSON.stringify(items)).not.toContain(created.secret);
    });

    it('refuses a bad label or expiry with a sentence', async () => {
      await expect(t.admin.caller.agents.grants.create({ label: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(t.admin.caller.agents.grants.create({ label: 'x', expiresInDays: 400 })).rejects.toThrow(
        'A grant lasts between 1 and 365 days.',
      );
    });

    it('count calls, note the last use, and act as their admin with the agent named in the audit log', async () => {
      const { id, secret } = await newGrant(t.admin, 'Counter');
      const agent = await connectAgent(t.server.url, secret);
      const learner = await call(agent, 'maker_create_learner', { name: 'Ada', consent: true });
      expect(learner.isError).toBeFalsy();
      await call(agent, 'maker_list_learners');
      await agent.close();
      const [grant] = (await t.admin.caller.agents.grants.list()).filter((g) => g.id === id);
      expect(grant).toMatchObject({ callCount: 2, lastUsedAt: expect.any(String) });
      const { items } = await t.admin.caller.audit.list({ actorTypes: ['agent'], actorId: id, limit: 10 });
      expect(items.map((i) => i.action)).toEqual(['agent.call', 'agent.call', 'learner.create']);
      expect(items.every((i) => i.actorType === 'agent' && i.actorLabel === 'Counter')).toBe(true);
      expect(items[0]!.detail).toEqual({ tool: 'maker_list_learners', outcome: 'ok' });
      expect((await t.admin.caller.audit.list({ actorTypes: ['kiosk'], actorId: id, limit: 10 })).items).toEqual([]);
    });

    it('count every call once and audit it once, whether its record rides in the service’s transaction or not', async () => {
      await setPolicy(t.admin, { version: '1', default: 'allow', tools: { maker_list_learners: { action: 'deny' }, maker_archive_learner: { approval: 'required' } } });
      const { id, secret } = await newGrant(t.admin, 'Bookkeeper');
      const agent = await connectAgent(t.server.url, secret);
      const learner = await addLearner(t.services, { name: 'Mary Somerville' });
      const started = await call(agent, 'maker_start_session', { learnerId: learner.id });
      expect(started.isError).toBeFalsy();
      const sessionId = (started.structuredContent as { sessionId: string }).sessionId;
      expect(textOf(await call(agent, 'maker_start_session', { learnerId: '00000000-0000-4000-8000-000000000000' }))).toBe('That learner was not found.');
      expect((await call(agent, 'maker_list_learners')).structuredContent).toMatchObject({ denied: true });
      expect((await call(agent, 'maker_archive_learner', { learnerId: learner.id })).structuredContent).toMatchObject({ approvalRequired: true });
      expect((await call(agent, 'maker_end_session', { sessionId })).isError).toBeFalsy();
      expect((await call(agent, 'maker_end_session', { sessionId })).isError).toBe(true);
      expect((await call(agent, 'maker_list_sessions')).isError).toBeFalsy();
      await agent.close();

      const [grant] = (await t.admin.caller.agents.grants.list()).filter((g) => g.id === id);
      expect(grant!.callCount).toBe(7);
      const { items } = await t.admin.caller.audit.list({ actorTypes: ['agent'], actorId: id, limit: 20 });
      expect(items.reverse().map((i) => [i.action, i.detail.tool ?? null, i.detail.outcome ?? null])).toEqual([
        ['session.start', null, null],
        ['agent.call', 'maker_start_session', 'ok'],
        ['agent.call', 'maker_start_session', 'error'],
        ['agent.denied', 'maker_list_learners', null],
        ['agent.request', 'maker_archive_learner', null],
        ['session.end', null, null],
        ['agent.call', 'maker_end_session', 'ok'],
        ['agent.call', 'maker_end_session', 'error'],
        ['agent.call', 'maker_list_sessions', 'ok'],
      ]);
      await setPolicy(t.admin, { version: '1', default: 'allow' });
    });

    it('answer 401 with a WWW-Authenticate challenge when the secret is missing or wrong', async () => {
      const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer perch_agent_not-a-real-one' }, { authorization: 'Basic abc' }];
      for (const headers of attempts) {
        const res = await postMcp(t.server.url, headers);
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      }
    });

    it('stop working at the next call once revoked, and once expired', async () => {
      const revoked = await newGrant(t.admin, 'Soon revoked');
      const agent = await connectAgent(t.server.url, revoked.secret);
      expect((await call(agent, 'maker_list_sessions')).isError).toBeFalsy();
      const after = await t.admin.caller.agents.grants.revoke({ grantId: revoked.id });
      expect(after.status).toBe('revoked');
      await expect(agent.listTools()).rejects.toThrow();
      const res = await postMcp(t.server.url, { authorization: `Bearer ${revoked.secret}` });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(await res.json()).toMatchObject({ error: 'invalid_token', error_description: expect.stringMatching(/revoked or expired/) });
      await agent.close();
      // Revoking twice changes nothing.
      expect((await t.admin.caller.agents.grants.revoke({ grantId: revoked.id })).revokedAt).toBe(after.revokedAt);

      const lapsing = await t.admin.caller.agents.grants.create({ label: 'Short', expiresInDays: 1 });
      expect((await postMcp(t.server.url, { authorization: `Bearer ${lapsing.secret}` })).status).toBe(200);
      t.services.advance(86_400_000 + 1);
      expect((await postMcp(t.server.url, { authorization: `Bearer ${lapsing.secret}` })).status).toBe(401);
      t.admin = await signedInAdmin(t.services); // the admin's own sign-in lapsed too
      expect((await t.admin.caller.agents.grants.list()).map((g) => g.id)).not.toContain(lapsing.grant.id);
      const all = await t.admin.caller.agents.grants.list({ includeInactive: true });
      expect(all.find((g) => g.id === lapsing.grant.id)?.status).toBe('expired');
    });

    it('refuses a Host that is not PUBLIC_URL’s or loopback (DNS rebinding)', async () => {
      const { secret } = await newGrant(t.admin, 'Host check');
      // 421 from the app-wide host check (http/security.ts), before the MCP SDK's own 403.
      expect(await postWithHost(t.server.url, 'evil.example', secret)).toBe(421);
      expect(await postWithHost(t.server.url, 'localhost:3000', secret)).toBe(200);
    });
  });

  describe(`agent grants with ALLOWED_ORIGINS (${dialect})`, () => {
    const t = agentSuite(dialect, { ALLOWED_ORIGINS: 'https://perch.school.lan' });
    beforeAll(() => setPolicy(t.admin, { version: '1', default: 'allow' }));

    it('answers every host name the rest of Perch answers to', async () => {
      const { secret } = await newGrant(t.admin, 'LAN name');
      expect(await postWithHost(t.server.url, 'perch.school.lan', secret)).toBe(200);
      expect(await postWithHost(t.server.url, 'evil.example', secret)).toBe(421);
    });
  });
}
