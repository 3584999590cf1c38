import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AGENT_TOOLS, type MintedSession } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLearner } from '../sessions/test-fixtures';
import { createTestServices, signedInAdmin, startTestServer, trpcHttp, type TestServices } from '../test/harness';
import { newGrant, setPolicy } from './test-agent';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const inspector = path.join(apiRoot, 'node_modules/.bin/mcp-inspector-cli');
// inspector-cli 1.0.3 finds its own package.json relative to the working directory, so it runs
// from its build folder (from anywhere else it fails with "Cannot find module …/package.json").
const inspectorCwd = path.join(fs.realpathSync(path.join(apiRoot, 'node_modules/@modelcontextprotocol/inspector-cli')), 'build');

/**
 * A second, independent client: the MCP Inspector's CLI (built on the v1 SDK, so it also proves
 * the 2025 protocol revision), run as a person would run it from a shell.
 */
describe('the MCP Inspector CLI', () => {
  let services: TestServices;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let secret: string;

  beforeAll(async () => {
    services = await createTestServices('sqlite');
    server = await startTestServer(services);
    const admin = await signedInAdmin(services);
    await setPolicy(admin, { version: '1', default: 'allow' });
    secret = (await newGrant(admin, 'Inspector')).secret;
  });
  afterAll(async () => {
    await server.close();
    await services.close();
  });

  async function inspect(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await promisify(execFile)(
      inspector,
      ['--cli', `${server.url}/mcp`, '--transport', 'http', '--header', `Authorization: Bearer ${secret}`, ...args],
      { timeout: 30_000, cwd: inspectorCwd },
    );
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('lists the tools', async () => {
    const { tools } = (await inspect('--method', 'tools/list')) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name).sort()).toEqual([...AGENT_TOOLS].sort());
  });

  it('calls maker_start_session with the reference’s argument names, and the code redeems', async () => {
    const learner = await addLearner(services, { name: 'Mary Jackson' });
    const result = (await inspect(
      '--method', 'tools/call',
      '--tool-name', 'maker_start_session',
      '--tool-arg', `learner_id=${learner.id}`, 'duration_min=20',
    )) as { structuredContent: MintedSession; isError?: boolean };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent.learnerName).toBe('Mary Jackson');
    const redeemed = await trpcHttp(server.url, 'mutation', 'kiosk.redeem', { code: result.structuredContent.redemptionCode });
    expect(redeemed.status).toBe(200);
  });
});
