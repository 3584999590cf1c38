import { z } from 'zod';
import { AUDIT_PAGE } from './constants';
import { idSchema, isoDate } from './common';
import { safeText } from './text';

export const AUDIT_ACTIONS = [
  'admin.login',
  'admin.login_failed',
  'admin.logout',
  'admin.created',
  /** The first admin, created in the browser with the set-up link Perch printed at start-up. */
  'admin.setup',
  /** A wrong or expired set-up link was refused (before any admin existed). */
  'admin.setup_failed',
  'learner.create',
  'learner.update',
  'learner.archive',
  'session.start',
  'session.start_guest',
  'session.reissue_code',
  /** An admin sent a session straight to an enrolled tablet (no code); detail names the tablet. */
  'session.send',
  'session.redeem',
  'session.redeem_failed',
  'session.redeem_recovered',
  'session.lock',
  'session.unlock',
  'session.finish',
  'session.end',
  'session.force_end',
  'session.revoke_batch',
  'session.expire',
  'retention.purge',
  'tablet.enrollment_create',
  'tablet.enroll',
  'tablet.enroll_failed',
  'tablet.rename',
  'tablet.retire',
  'tablet.redeem_mode',
  /** An admin cleared a redemption throttle (an address, a tablet, or everyone) before its window passed. */
  'throttle.unblock',
  'agent.grant_create',
  'agent.grant_revoke',
  'agent.policy_update',
  /** One per tool call an agent makes (denied calls are `agent.denied` instead). */
  'agent.call',
  'agent.denied',
  'agent.request',
  'agent.request_approve',
  'agent.request_decline',
] as const;
export const auditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditAction>;
/** `agent`: an AI agent calling /mcp with a grant; its label is the grant's label. */
export const ACTOR_TYPES = ['admin', 'kiosk', 'system', 'anonymous', 'agent'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const listAuditInput = z
  .object({
    actions: z.array(auditAction).optional(),
    sessionId: idSchema.optional(),
    learnerId: idSchema.optional(),
    actorId: idSchema.optional(),
    /** Only entries by these kinds of actor (e.g. `['agent']`); empty or absent means all. */
    actorTypes: z.array(z.enum(ACTOR_TYPES)).optional(),
    ip: safeText().max(64).optional(),
    since: z.iso.datetime({ error: 'Use an ISO-8601 date and time.' }).optional(),
    until: z.iso.datetime({ error: 'Use an ISO-8601 date and time.' }).optional(),
    limit: z.number().int().min(1).max(AUDIT_PAGE.max).default(AUDIT_PAGE.default),
    /** The `nextCursor` of the previous page. */
    cursor: z.number().int().positive().optional(),
  })
  .default({ limit: AUDIT_PAGE.default });

export const auditEntry = z.object({
  id: z.number(),
  at: isoDate,
  actorType: z.enum(ACTOR_TYPES),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: auditAction,
  sessionId: z.string().nullable(),
  learnerId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Facts about the event (durations, counts, reasons). Never a code, token or password. */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const listAuditOutput = z.object({ items: z.array(auditEntry), nextCursor: z.number().nullable() });
