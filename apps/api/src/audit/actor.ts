import type { Admin } from '@perch/shared';
import type { RequestInfo } from '../context';
import { describeDevice } from '../kiosk/device';

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

/**
 * The kiosk app acting: an enrolled tablet by its id and its name now, any other browser by what it
 * is ("Chrome on Android"), so the log can say which device tried a code or opened a session.
 */
export function kioskActor(req: Pick<RequestInfo, 'userAgent'>, tablet: { id: string; name: string } | null) {
  return { actorType: 'kiosk' as const, actorId: tablet?.id ?? null, actorLabel: tablet?.name ?? describeDevice(req.userAgent) };
}

/** The kiosk acting within its session: the tablet (or browser) that redeemed it, as it was named then. */
export function sessionDeviceActor(session: { tablet_id: string | null; device: string | null }) {
  return { actorType: 'kiosk' as const, actorId: session.tablet_id, actorLabel: session.device };
}
