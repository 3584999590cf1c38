import {
  agentPolicySchema,
  DEFAULT_AGENT_POLICY,
  type AgentGrant,
  type AgentPolicyView,
  type AgentRequest,
  type AgentToolInfo,
  type CreateGrantOutput,
} from '@perch/shared';

/** Builders for the Agents page's component tests: what the agents.* procedures answer. */

export const ADMIN_EMAIL = 'teacher@example.org';
export const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

export function grant(overrides: Partial<AgentGrant> = {}): AgentGrant {
  return {
    id: '4d1f0a6e-2b3c-4d5e-8f90-1a2b3c4d5e6f',
    label: 'Classroom assistant',
    createdBy: ADMIN_EMAIL,
    createdAt: inMinutes(-60),
    expiresAt: inMinutes(90 * 24 * 60),
    revokedAt: null,
    lastUsedAt: null,
    callCount: 0,
    status: 'active',
    ...overrides,
  };
}

export function created(label: string): CreateGrantOutput {
  const secret = 'perch_agent_Zm9yIHRlc3RzIG9ubHksIG5vdCBhIHJlYWwgc2VjcmV0IQ';
  const mcpUrl = 'http://localhost:3000/mcp';
  return {
    grant: grant({ label }),
    secret,
    mcpUrl,
    clientConfig: { mcpServers: { perch: { type: 'http', url: mcpUrl, headers: { Authorization: `Bearer ${secret}` } } } },
  };
}

export function request(overrides: Partial<AgentRequest> = {}): AgentRequest {
  return {
    id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    tool: 'maker_start_session',
    args: { learnerId: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b', durationMin: 45, idleLockMin: 10 },
    grantId: grant().id,
    grantLabel: 'Classroom assistant',
    state: 'pending',
    createdAt: inMinutes(-1),
    expiresAt: inMinutes(14),
    decidedAt: null,
    decidedBy: null,
    outcome: null,
    ...overrides,
  };
}

export function policyView(overrides: Partial<AgentPolicyView> = {}): AgentPolicyView {
  return {
    policy: agentPolicySchema.parse(DEFAULT_AGENT_POLICY),
    text: JSON.stringify(DEFAULT_AGENT_POLICY, null, 2),
    source: 'default',
    readOnly: false,
    unreadable: false,
    filePath: null,
    updatedAt: null,
    updatedBy: null,
    ...overrides,
  };
}

export const TOOLS: AgentToolInfo[] = [
  { name: 'maker_start_session', title: 'Start a kiosk session', description: 'Start a kiosk session for one learner. More for the model.', readOnly: false, destructive: false },
  { name: 'maker_list_learners', title: 'List learners', description: 'List learners by name.', readOnly: true, destructive: false },
  { name: 'maker_revoke_batch', title: 'End a class', description: 'Revoke every session of a class.', readOnly: false, destructive: true },
];
