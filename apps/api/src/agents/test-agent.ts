import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { POLICY_WINDOW_MS, type AgentPolicyInput } from '@perch/shared';
import { afterAll, beforeAll } from 'vitest';
import {
  createTestServices,
  signedInAdmin,
  startTestServer,
  type FakeClient,
  type TestDialect,
  type TestServices,
} from '../test/harness';

export interface AgentSuite {
  services: TestServices;
  /** Signed in as the test admin; sign in again after moving the clock past the sign-in's life. */
  admin: FakeClient;
  server: Awaited<ReturnType<typeof startTestServer>>;
}

/** One suite's services on `dialect`, a signed-in admin and a real HTTP server, opened and closed around it. */
export function agentSuite(dialect: TestDialect, env: Record<string, string> = {}): AgentSuite {
  const suite = {} as AgentSuite;
  beforeAll(async () => {
    suite.services = await createTestServices(dialect, env);
    suite.admin = await signedInAdmin(suite.services);
    suite.server = await startTestServer(suite.services);
  });
  afterAll(async () => {
    await suite.server.close();
    await suite.services.close();
  });
  return suite;
}

export interface TwoInstances {
  a: TestServices;
  b: TestServices;
  serverA: AgentSuite['server'];
  serverB: AgentSuite['server'];
  adminOnA: FakeClient;
  adminOnB: FakeClient;
}

/**
 * Two API instances of one deployment on `dialect` (one database, one Redis prefix when REDIS_URL
 * is given), each with a real HTTP server and an admin signed in on it, opened and closed around a suite.
 */
export function twoInstancesSuite(dialect: TestDialect, env: Record<string, string> = {}): TwoInstances {
  const suite = {} as TwoInstances;
  beforeAll(async () => {
    suite.a = await createTestServices(dialect, env);
    suite.b = await createTestServices(dialect, env, { shareWith: suite.a });
    suite.serverA = await startTestServer(suite.a);
    suite.serverB = await startTestServer(suite.b);
    suite.adminOnA = await signedInAdmin(suite.a);
    suite.adminOnB = await signedInAdmin(suite.b);
  });
  afterAll(async () => {
    await Promise.all([suite.serverA.close(), suite.serverB.close()]);
    await suite.b.close();
    await suite.a.close();
  });
  return suite;
}

/**
 * Test helpers for /mcp: the official MCP client over real HTTP, and small policy set-ups.
 * `modern` negotiates the 2026 protocol revision; without it the client speaks the 2025 one.
 */
export async function connectAgent(baseUrl: string, secret: string, opts: { modern?: boolean } = {}): Promise<Client> {
  const client = new Client({ name: 'perch-test-agent', version: '1.0.0' }, opts.modern ? { versionNegotiation: { mode: 'auto' } } : {});
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baseUrl), {
    requestInit: { headers: { Authorization: `Bearer ${secret}` } },
  });
  await client.connect(transport);
  return client;
}

/** A new grant made by the signed-in admin; returns its id and secret. */
export async function newGrant(admin: FakeClient, label = 'Test assistant') {
  const { grant, secret } = await admin.caller.agents.grants.create({ label });
  return { id: grant.id, secret };
}

export const setPolicy = (admin: FakeClient, policy: AgentPolicyInput | string) =>
  admin.caller.agents.policy.update({ text: typeof policy === 'string' ? policy : JSON.stringify(policy) });

/**
 * Counters use UTC calendar windows; move this instance's clock to the start of a fresh minute
 * so a run of calls cannot straddle a boundary.
 */
export function startOfNextMinute(services: Pick<TestServices, 'now' | 'advance'>) {
  const size = POLICY_WINDOW_MS.minute;
  services.advance(size - (services.now() % size) + 1);
}

export interface CallResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallResult> {
  return (await client.callTool({ name, arguments: args })) as CallResult;
}

export const textOf = (r: CallResult) => r.content.map((c) => c.text ?? '').join(' ');
