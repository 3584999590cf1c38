import crypto from 'node:crypto';
import type { Client } from '@modelcontextprotocol/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESILIENCE } from '@perch/shared';
import { DIALECTS, TEST_PG_URL } from '../test/harness';
import { holdWriteLock } from '../test/write-lock';
import { tick } from '../sessions/test-fixtures';
import { agentSuite, call, connectAgent, newGrant, setPolicy, textOf } from './test-agent';

const SENTENCE = /^Perch[^{}]* Please try again in a few seconds\.$/;
const RETRY = { unavailable: true, retryAfterSec: RESILIENCE.unavailableRetryAfterSec };

for (const dialect of DIALECTS) {
  describe(`/mcp when the database cannot answer a tool call (${dialect})`, () => {
    const t = agentSuite(dialect, { DATABASE_STATEMENT_TIMEOUT_MS: '300' });
    let agent: Client;
    let learnerId: string;

    beforeAll(async () => {
      await setPolicy(t.admin, { version: '1', default: 'allow' });
      agent = await connectAgent(t.server.url, (await newGrant(t.admin)).secret);
      learnerId = (await t.admin.caller.learners.create({ name: 'Ada Lovelace', consent: true })).id;
    });
    afterAll(() => agent.close());

    it('answers with isError, the 503’s sentence and when to retry; the same call works once it can', async () => {
      const release = await holdWriteLock(t.services, 'sessions');
      let result;
      try {
        result = await call(agent, 'maker_start_session', { learnerId });
      } finally {
        await release();
      }
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(SENTENCE);
      expect(result.structuredContent).toEqual(RETRY);

      const retried = await call(agent, 'maker_start_session', { learnerId });
      expect(retried.isError).toBeFalsy();
    });
  });
}

/**
 * PostgreSQL's connections killed (a restart, a failover) while /mcp waits on them: the request is
 * held on a table lock taken from outside, and every Perch connection waiting on it is terminated
 * until the request answers. Only this suite's connections (its own application_name) are touched.
 */
describe('/mcp when PostgreSQL connections are killed', () => {
  const appName = `perch_t_${crypto.randomBytes(6).toString('hex')}`;
  const t = agentSuite('postgres', { DATABASE_URL: `${TEST_PG_URL}?application_name=${appName}` });
  let admin: pg.Client;
  let secret: string;
  let learnerId: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await setPolicy(t.admin, { version: '1', default: 'allow' });
    secret = (await newGrant(t.admin)).secret;
    learnerId = (await t.admin.caller.learners.create({ name: 'Grace Hopper', consent: true })).id;
  });
  afterAll(() => admin?.end());

  /** Settles `pending` while killing every Perch connection that waits on a lock; returns how many died. */
  async function killWhileWaiting<T>(pending: Promise<T>): Promise<{ value: T; killed: number }> {
    let settled = false;
    void pending.finally(() => (settled = true)).catch(() => {});
    let killed = 0;
    while (!settled) {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`,
        [appName],
      );
      killed += rowCount ?? 0;
      await tick(20);
    }
    return { value: await pending, killed };
  }

  it('a grant that cannot be checked is an HTTP 503 with Retry-After and a JSON-RPC error with the sentence', async () => {
    const release = await holdWriteLock(t.services, 'agent_grants');
    let answer;
    try {
      const request = fetch(`${t.server.url}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} }),
      });
      answer = await killWhileWaiting(request);
    } finally {
      await release();
    }
    expect(answer.killed).toBeGreaterThan(0);
    const res = answer.value;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(RESILIENCE.unavailableRetryAfterSec));
    const body = (await res.json()) as { id: unknown; error: { message: string; data: unknown } };
    expect(body.id).toBe(7);
    expect(body.error.message).toMatch(SENTENCE);
    expect(body.error.data).toEqual({ reason: 'UNAVAILABLE', retryAfterSec: RESILIENCE.unavailableRetryAfterSec });
  });

  it('a tool call whose connection dies is a tool result with isError and the sentence, and the next call works', async () => {
    const agent = await connectAgent(t.server.url, secret);
    try {
      const release = await holdWriteLock(t.services, 'sessions');
      let answer;
      try {
        answer = await killWhileWaiting(call(agent, 'maker_start_session', { learnerId }));
      } finally {
        await release();
      }
      expect(answer.killed).toBeGreaterThan(0);
      expect(answer.value.isError).toBe(true);
      expect(textOf(answer.value)).toMatch(SENTENCE);
      expect(answer.value.structuredContent).toEqual(RETRY);

      expect((await call(agent, 'maker_start_session', { learnerId })).isError).toBeFalsy();
    } finally {
      await agent.close();
    }
  });
});
