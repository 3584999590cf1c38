import type { Admin } from '@perch/shared';

/** An AI agent calling /mcp with a grant; it acts with the rights of the admin who made the grant. */
export interface AgentIdentity {
  grantId: string;
  label: string;
}

/** Who is acting: an admin, or an agent on an admin's behalf. */
export interface Acting {
  admin: Admin;
  agent?: AgentIdentity | undefined;
}

/**
 * The audit actor for an action: the agent (by its grant's id and label) when one is acting, so the
 * log can be filtered to what agents did; otherwise the admin.
 */
export function asActor({ admin, agent }: Acting) {
  return agent
    ? { actorType: 'agent' as const, actorId: agent.grantId, actorLabel: agent.label }
    : { actorType: 'admin' as const, actorId: admin.id, actorLabel: admin.email };
}
