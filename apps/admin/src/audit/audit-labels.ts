import type { ActorType, AuditAction, AuditEntry } from '@perch/shared';

/** Audit actions in words for the log table and its filter. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'admin.login': 'Admin signed in',
  'admin.login_failed': 'Failed sign-in',
  'admin.logout': 'Admin signed out',
  'admin.created': 'Admin created',
  'admin.setup': 'First admin created',
  'admin.setup_failed': 'Set-up link refused',
  'learner.create': 'Learner added',
  'learner.update': 'Learner edited',
  'learner.archive': 'Learner archived',
  'session.start': 'Session started',
  'session.start_guest': 'Guest session started',
  'session.reissue_code': 'New code issued',
  'session.redeem': 'Code redeemed',
  'session.redeem_failed': 'Code refused',
  'session.redeem_recovered': 'Session recovered (answer lost)',
  'session.lock': 'Tablet locked (idle)',
  'session.unlock': 'Tablet unlocked',
  'session.finish': 'Learner finished',
  'session.end': 'Session ended',
  'session.force_end': 'Session force-ended',
  'session.revoke_batch': 'Class ended',
  'session.expire': 'Session expired',
  'retention.purge': 'Old records purged',
  'tablet.enrollment_create': 'Tablet enrollment code made',
  'tablet.enroll': 'Tablet enrolled',
  'tablet.enroll_failed': 'Enrollment code refused',
  'tablet.rename': 'Tablet renamed',
  'tablet.retire': 'Tablet retired',
  'tablet.redeem_mode': 'Who may redeem changed',
  'session.send': 'Session sent to a tablet',
  'throttle.unblock': 'Redemption unblocked',
  'agent.grant_create': 'Agent grant created',
  'agent.grant_revoke': 'Agent grant revoked',
  'agent.policy_update': 'Agent policy changed',
  'agent.call': 'Agent tool call',
  'agent.denied': 'Agent call denied by policy',
  'agent.request': 'Agent asked for approval',
  'agent.request_approve': 'Agent request approved',
  'agent.request_decline': 'Agent request declined',
};

/** Kinds of actor for the log's "Who" filter. */
export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  admin: 'Admins',
  agent: 'AI agents',
  kiosk: 'Tablets',
  system: 'Perch itself',
  anonymous: 'Signed-out visitors',
};

/** Who did it, as a person would say it; an agent by its grant's label. */
export function describeActor(entry: AuditEntry): string {
  if (entry.actorType === 'system') return 'Perch';
  if (entry.actorType === 'kiosk') return 'Tablet';
  if (entry.actorType === 'agent') return `Agent “${entry.actorLabel ?? 'unnamed'}”`;
  return entry.actorLabel ?? (entry.actorType === 'anonymous' ? 'Someone signed out' : 'Admin');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry's detail as `key: value` pairs for a compact cell; ids shortened to their first block. */
export function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => {
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return `${k}: ${UUID.test(text) ? `${text.slice(0, 8)}…` : text}`;
    })
    .join(' · ');
}
