import type { Client } from '@modelcontextprotocol/client';
import { AGENT_TOOLS, DEFAULT_AGENT_POLICY, SEED_POLICY, type MintedSession } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, trpcHttp } from '../test/harness';
import { agentSuite, call, connectAgent, newGrant, setPolicy, startOfNextMinute, textOf } from './test-agent';

/** Every string and key in a value, however deep. */
function walk(value: unknown, seen: { keys: string[]; strings: string[] } = { keys: [], strings: [] }) {
  if (typeof value === 'string') seen.strings.push(value);
  else if (Array.isArray(value)) value.forEach((v) => walk(v, seen));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      seen.keys.push(k);
      walk(v, seen);
    }
  }
  return seen;
}

for (const dialect of DIALECTS) {
  describe(`MCP endpoint (${dialect})`, () => {
    // The people's cap (per admin) is raised so only the agent policy's counters are in play here.
    const t = agentSuite(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
    let agent: Client;
    let learnerId: string;

    beforeAll(async () => {
      agent = await connectAgent(t.server.url, (await newGrant(t.admin)).secret);
      learnerId = (await t.admin.caller.learners.create({ name: 'Grace Hopper', age: 12, consent: true })).id;
    });
    afterAll(() => agent.close());

    it('lists every tool under the shipped policy, and leaves hidden ones out', async () => {
      const { tools } = await agent.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([...AGENT_TOOLS].sort());
      const start = tools.find((t) => t.name === 'maker_start_session')!;
      expect(start.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
      expect(tools.find((t) => t.name === 'maker_list_learners')!.annotations).toMatchObject({ readOnlyHint: true });
      expect(tools.find((t) => t.name === 'maker_force_end_session')!.annotations).toMatchObject({ destructiveHint: true });
      expect(start.inputSchema.required).toEqual(['learnerId']);

      await setPolicy(t.admin, { version: '1', default: 'allow', hide: ['maker_archive_learner', 'maker_force_end_session'] });
      const after = (await agent.listTools()).tools.map((t) => t.name);
      expect(after).not.toContain('maker_archive_learner');
      expect(after).not.toContain('maker_force_end_session');
      expect(after).toContain('maker_start_session');
      const hidden = await call(agent, 'maker_archive_learner', { learnerId });
      expect(hidden.isError).toBe(true);
      expect(textOf(hidden)).toMatch(/hides it/);
    });

    it('starts a session whose code redeems through kiosk.redeem and sets the cookie; no token or hash in the answer', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      // The reference's snake_case argument names work unchanged.
      const result = await call(agent, 'maker_start_session', { learner_id: learnerId, duration_min: 45 });
      expect(result.isError).toBeFalsy();
      const minted = result.structuredContent as MintedSession;
      expect(minted).toMatchObject({ learnerName: 'Grace Hopper', redemptionCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/) });
      expect(minted.redeemUrl).toBe(`http://localhost:3000/kiosk/#code=${minted.redemptionCode}`);
      expect(textOf(result)).toContain(minted.redemptionCode);

      const redeemed = await trpcHttp(t.server.url, 'mutation', 'kiosk.redeem', { code: minted.redemptionCode });
      expect(redeemed.status).toBe(200);
      const cookie = redeemed.setCookies.find((c) => c.startsWith('__Host-perch_kiosk='));
      expect(cookie).toMatch(/HttpOnly/);
      const token = decodeURIComponent(cookie!.split(';')[0]!.split('=')[1]!);

      const row = await t.services.db.selectFrom('sessions').selectAll().where('id', '=', minted.sessionId).executeTakeFirstOrThrow();
      expect(row.state).toBe('active');
      expect(row.duration_min).toBe(45);
      const { keys, strings } = walk(result);
      expect(keys.filter((k) => /token|hash|secret/i.test(k))).toEqual([]);
      const secrets = [token, row.token_hash, row.spent_code_hash].filter((s): s is string => !!s);
      expect(secrets.length).toBe(3);
      for (const s of strings) for (const secret of secrets) expect(s).not.toContain(secret);
    });

    it('denies the 11th maker_start_session in a minute, naming the rule and when to retry', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      const fresh = await connectAgent(t.server.url, (await newGrant(t.admin, 'Eleven')).secret, { modern: true });
      startOfNextMinute(t.services);
      // Grace gets one session after another ("keep"): the counter is the point here.
      const start = () => call(fresh, 'maker_start_session', { learnerId, on_existing: 'keep' });
      for (let i = 0; i < 10; i++) expect((await start()).isError).toBeFalsy();
      const eleventh = await start();
      expect(eleventh.isError).toBe(true);
      expect(textOf(eleventh)).toMatch(/^maker_start_session is limited to 10 calls a minute for this grant; try again in \d+ s\.$/);
      expect(eleventh.structuredContent).toMatchObject({ denied: true, rule: 'tools.maker_start_session.limits[0]' });
      const { items } = await t.admin.caller.audit.list({ actions: ['agent.denied'], limit: 1 });
      expect(items[0]).toMatchObject({ actorType: 'agent', actorLabel: 'Eleven', detail: { tool: 'maker_start_session' } });
      await fresh.close();
    });

    it('gives a counter back when the call fails', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      const fresh = await connectAgent(t.server.url, (await newGrant(t.admin, 'Clumsy')).secret);
      startOfNextMinute(t.services);
      const missing = '00000000-0000-4000-8000-000000000000';
      for (let i = 0; i < 12; i++) {
        const r = await call(fresh, 'maker_start_session', { learnerId: missing });
        expect(textOf(r)).toBe('That learner was not found.');
      }
      for (let i = 0; i < 10; i++) {
        expect((await call(fresh, 'maker_start_session', { learnerId, onExisting: 'keep' })).isError).toBeFalsy();
      }
      await fresh.close();
    });

    it('denies a tool the policy does not list under default deny', async () => {
      await setPolicy(t.admin, SEED_POLICY);
      const result = await call(agent, 'maker_list_learners');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^maker_list_learners is not allowed for this agent: the policy denies every tool it does not list/);
      expect(result.structuredContent).toMatchObject({ rule: 'default' });
      // Listing it with {} allows it.
      await setPolicy(t.admin, { ...SEED_POLICY, tools: { ...SEED_POLICY.tools, maker_list_learners: {} } });
      const allowed = await call(agent, 'maker_list_learners');
      expect(allowed.isError).toBeFalsy();
      expect((allowed.structuredContent as { learners: { name: string }[] }).learners.map((l) => l.name)).toEqual(['Grace Hopper']);
    });

    it('refuses a call its deny_if rule matches (durationMin above 240), before validation', async () => {
      await setPolicy(t.admin, {
        version: '1',
        default: 'deny',
        tools: { maker_start_session: { deny_if: [{ path: 'args.durationMin', op: 'gt', value: 240 }] } },
      });
      const refused = await call(agent, 'maker_start_session', { learner_id: learnerId, duration_min: 300 });
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toBe(
        'maker_start_session was refused: the policy denies calls where args.durationMin is above 240 (rule tools.maker_start_session.deny_if[0]). Change the arguments and try again.',
      );
      expect((await call(agent, 'maker_start_session', { learnerId, durationMin: 240, onExisting: 'keep' })).isError).toBeFalsy();
    });

    it('answers bad arguments with a sentence naming the field', async () => {
      await setPolicy(t.admin, { version: '1', default: 'allow' });
      const typo = await call(agent, 'maker_start_session', { learnerId, batch_id: learnerId });
      expect(textOf(typo)).toBe('maker_start_session does not take batch_id. It takes: learnerId, durationMin, idleLockMin, onExisting.');
      const bad = await call(agent, 'maker_start_session', { learnerId, durationMin: 2 });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toBe('The arguments are not valid: A session lasts between 5 and 240 minutes.');
      const unknown = await call(agent, 'maker_delete_everything');
      expect(textOf(unknown)).toMatch(/^Perch has no tool named maker_delete_everything\./);
    });

    it('refuses a second session for a learner with a sentence saying how to go on; the refusal does not count', async () => {
      await setPolicy(t.admin, DEFAULT_AGENT_POLICY);
      const fresh = await connectAgent(t.server.url, (await newGrant(t.admin, 'Careful')).secret);
      startOfNextMinute(t.services);
      const ada = (await t.admin.caller.learners.create({ name: 'Ada Lovelace', consent: true })).id;
      const first = (await call(fresh, 'maker_start_session', { learner_id: ada })).structuredContent as MintedSession;
      for (let i = 0; i < 10; i++) {
        const again = await call(fresh, 'maker_start_session', { learner_id: ada });
        expect(again.isError).toBe(true);
        expect(textOf(again)).toBe(
          'Ada Lovelace already has a session waiting for its code, which expires in about 10 minutes. Nothing was started. ' +
            'To end it and start this one, send onExisting "end"; to start a second session beside it, send onExisting "keep".',
        );
        expect(again.structuredContent).toMatchObject({ reason: 'LEARNER_HAS_SESSION', existingSessions: [{ sessionId: first.sessionId }] });
      }
      // Refusals gave their units back: "end" replaces the first, "keep" adds one beside it.
      const replaced = await call(fresh, 'maker_start_session', { learner_id: ada, on_existing: 'end' });
      expect(replaced.isError).toBeFalsy();
      const ended = await t.services.db.selectFrom('sessions').select('state').where('id', '=', first.sessionId).executeTakeFirstOrThrow();
      expect(ended.state).toBe('revoked');
      expect((await call(fresh, 'maker_start_session', { learner_id: ada, on_existing: 'keep' })).isError).toBeFalsy();
      // A class start leaves her out and says so.
      const lin = (await t.admin.caller.learners.create({ name: 'Lin', consent: true })).id;
      const bulk = await call(fresh, 'maker_start_sessions_bulk', { learner_ids: [ada, lin] });
      expect((bulk.structuredContent as { sessions: MintedSession[] }).sessions.map((m) => m.learnerName)).toEqual(['Lin']);
      expect(textOf(bulk)).toMatch(/ Left out because they already have a session: Ada Lovelace \(card not used yet, expires in about 10 minutes\)\.$/);
      await fresh.close();
    });

    it('answers a 2025-revision call with one JSON body, not an event stream; GET is refused there (stateless)', async () => {
      await setPolicy(t.admin, { version: '1', default: 'allow' });
      const { secret } = await newGrant(t.admin, 'Plain HTTP');
      const post = (body: unknown) =>
        fetch(new URL('/mcp', t.server.url), {
          method: 'POST',
          headers: {
            authorization: `Bearer ${secret}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-06-18',
          },
          body: JSON.stringify(body),
        });
      const res = await post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'maker_list_learners', arguments: {} } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const answer = (await res.json()) as { id: number; result: { isError?: boolean; structuredContent: { learners: unknown[] } } };
      expect(answer.id).toBe(7);
      expect(answer.result.isError).toBeFalsy();
      expect(Array.isArray(answer.result.structuredContent.learners)).toBe(true);
      // A notification gets its 202, with no body.
      expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
      const get = await fetch(new URL('/mcp', t.server.url), { headers: { authorization: `Bearer ${secret}`, accept: 'text/event-stream' } });
      expect(get.status).toBe(405);
    });
  });
}
