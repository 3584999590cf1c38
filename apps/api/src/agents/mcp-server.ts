import { ProtocolError, ProtocolErrorCode, Server, type Tool } from '@modelcontextprotocol/server';
import type { Services } from '../context';
import { classifyUnavailable, logUnavailable, unavailable } from '../platform/unavailable';
import { AGENT_TOOL_LIST, callAgentTool, inputJsonSchema, type AgentCaller } from './call';
import { isHidden } from './policy.engine';
import { policyInForce } from './policy.store';

const INSTRUCTIONS =
  'Perch hands learners kiosk sessions: start one (maker_start_session, or maker_start_sessions_bulk for a ' +
  'class) and pass the returned redemption code or redeem URL to the learner’s tablet. Find learner ids with ' +
  'maker_list_learners. Every call is governed by a policy: a refused call says which rule refused it and when ' +
  'to retry; a call that needs an admin’s approval returns a requestId to check with maker_get_request.';

/** Every tool as tools/list describes it, built once (JSON Schemas included); the policy only filters it. */
const TOOL_DESCRIPTIONS: Tool[] = AGENT_TOOL_LIST.map((t) => ({
  name: t.name,
  title: t.title,
  description: t.description,
  inputSchema: inputJsonSchema(t) as Tool['inputSchema'],
  annotations: { title: t.title, ...t.annotations },
}));

/**
 * The MCP server for one request (stateless: createMcpHandler builds one per HTTP request; an SDK
 * server serves one transport, and this one serves one grant). The low-level Server rather than
 * McpServer, because the policy decides per call what is listed and what a call answers (a hidden
 * or denied tool gets a sentence, not a protocol error), and arguments go through Perch's own
 * aliasing and contracts (see call.ts). What does not depend on the request is prepared once above.
 */
export function buildMcpServer(services: Services, caller: AgentCaller): Server {
  const server = new Server({ name: 'perch', version: '1.0.0' }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });

  server.setRequestHandler('tools/list', async () => {
    const policy = await policyInForce(services, caller.policyVersion).catch(asProtocolError);
    return { tools: TOOL_DESCRIPTIONS.filter((t) => !isHidden(policy, t.name)) };
  });

  server.setRequestHandler('tools/call', async (request) => {
    const result = await callAgentTool(services, caller, request.params.name, request.params.arguments);
    return server.projectCallToolResult(result, undefined);
  });

  return server;
}

/**
 * A failure outside a tool call as a JSON-RPC error with a sentence: the database out of reach
 * says so and when to retry (`data`, as tRPC's 503 does), anything else stays in the server log.
 * Left to the SDK, the driver's own words would reach the agent.
 */
function asProtocolError(err: unknown): never {
  const kind = classifyUnavailable(err);
  if (kind) {
    logUnavailable('/mcp tools/list', err);
    const error = unavailable(kind);
    throw new ProtocolError(ProtocolErrorCode.InternalError, error.message, { reason: 'UNAVAILABLE', retryAfterSec: error.retryAfterSec });
  }
  console.error('[perch] /mcp tools/list failed:', err);
  throw new ProtocolError(ProtocolErrorCode.InternalError, 'Something went wrong on our side. Please try again.');
}
