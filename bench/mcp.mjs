// The MCP part of `pnpm bench`: maker_start_session over /mcp beside sessions.start over tRPC, the
// same service call behind both, measured in the same run by the same client. Kept apart from
// run.mjs so the load generator there can change without touching this.

const POLICY = {
  version: '1',
  default: 'deny',
  // A limit stays in place (so its reservation is part of what is measured), set high enough not to refuse.
  tools: { maker_start_session: { limits: [{ counter: 'bench', window: 'minute', max: 1_000_000, scope: 'grant' }] } },
};

/**
 * Measures `total` session starts each way. `request(port, opts)` and `load(total, fn)` are run.mjs's;
 * `admin` is a signed-in admin's cookie and `learnerIds` learners to start sessions for.
 */
export async function benchStartSession({ port, request, load, admin, learnerIds, total }) {
  const trpc = (procedure, body) => request(port, { method: 'POST', path: `/trpc/${procedure}`, headers: { cookie: admin }, body });
  const grant = JSON.parse((await trpc('agents.grants.create', { label: 'bench' })).body).result.data;
  const policy = await trpc('agents.policy.update', { text: JSON.stringify(POLICY) });
  if (policy.status !== 200) throw new Error(`policy update failed: ${policy.body}`);

  // One stateless JSON-RPC POST per call, as a 2025-revision client sends after its handshake.
  const mcpHeaders = {
    authorization: `Bearer ${grant.secret}`,
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
  };
  const viaMcp = async (i) => {
    const res = await request(port, {
      method: 'POST',
      path: '/mcp',
      headers: mcpHeaders,
      body: { jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'maker_start_session', arguments: { learnerId: learnerIds[i % learnerIds.length] } } },
    });
    // A refused call is still a 200 carrying isError: count it as a failure.
    return res.body.includes('"redemptionCode"') ? res : { status: 500 };
  };
  const viaTrpc = (i) => trpc('sessions.start', { learnerId: learnerIds[i % learnerIds.length] });

  await load(100, viaTrpc); // warm-up
  await load(100, viaMcp);
  const trpcResult = await load(total, viaTrpc);
  const mcpResult = await load(total, viaMcp);
  return { trpc: trpcResult, mcp: mcpResult };
}
