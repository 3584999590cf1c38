import { Server, type Tool } from '@modelcontextprotocol/server';
import type { Services } from '../context';
import { AGENT_TOOL_LIST, callAgentTool, inputJsonSchema, type AgentCaller } from './call';
import { isHidden } from './policy.engine';
import { currentPolicy } from './policy.store';

const INSTRUCTIONS =
  'Perch hands learners kiosk sessions: start one (maker_start_session, or maker_start_sessions_bulk for a ' +
  'class) and pass the returned redemption code or redeem URL to the learner’s tablet. Find learner ids with ' +
  'maker_list_learners. Every call is governed by a policy: a refused call says which rule refused it and when ' +
  'to retry; a call that needs an admin’s approval returns a requestId to check with maker_get_request.';

/**
 * The MCP server for one request (stateless: createMcpHandler builds one per HTTP request). The
 * low-level Server rather than McpServer, because the policy decides per call what is listed and
 * what a call answers (a hidden or denied tool gets a sentence, not a protocol error), and
 * arguments go through Perch's own aliasing and contracts (see call.ts).
 */
export function buildMcpServer(services: Services, caller: AgentCaller): Server {
  const server = new Server({ name: 'perch', version: '1.0.0' }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });

  server.setRequestHandler('tools/list', async () => {
    const { policy } = await currentPolicy(services);
    const tools: Tool[] = AGENT_TOOL_LIST.filter((t) => !isHidden(policy, t.name)).map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: inputJsonSchema(t) as Tool['inputSchema'],
      annotations: { title: t.title, ...t.annotations },
    }));
    return { tools };
  });

  server.setRequestHandler('tools/call', async (request) => {
    const result = await callAgentTool(services, caller, request.params.name, request.params.arguments);
    return server.projectCallToolResult(result, undefined);
  });

  return server;
}
