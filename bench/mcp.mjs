// The MCP part of `pnpm bench`: maker_start_session over /mcp beside sessions.start over tRPC, the
// same service call behind both, measured in the same run by the same load generator.

const POLICY = {
  version: '1',
  default: 'deny',
  // A limit stays in place (so its reservation is part of what is measured), set high enough not to refuse.
  tools: { maker_start_session: { limits: [{ counter: 'bench', window: 'minute', max: 1_000_000, scope: 'grant' }] } },
};

/**
 * Creates a grant and a policy that lets it start sessions; returns the load target for
 * maker_start_session, one stateless JSON-RPC POST per call as a 2025-revision client sends after
 * its handshake. A refused call is still a 200 carrying isError, so only answers holding a code count.
 */
export async function mcpStartTarget(url, { admin, learnerIds }) {
  const trpc = async (procedure, input) => {
    const res = await fetch(`${url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify(input),
    });
    const body = await res.json();
    if (!body.result) throw new Error(`${procedure} failed (${res.status}): ${body.error?.message}`);
    return body.result.data;
  };
  const grant = await trpc('agents.grants.create', { label: 'bench' });
  await trpc('agents.policy.update', { text: JSON.stringify(POLICY) });
  return {
    path: '/mcp',
    method: 'POST',
    headers: { authorization: `Bearer ${grant.secret}`, accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18' },
    bodies: learnerIds.map((learnerId, id) =>
      JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'maker_start_session', arguments: { learnerId, onExisting: 'keep' } } }),
    ),
    mustInclude: '"redemptionCode"',
  };
}
