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
  /** An admin chose whether tablets show only the learner's first name; detail: from, to (booleans). */
  'tablet.kiosk_names',
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
  /** An admin downloaded the audit log as CSV; detail: how many entries, whether it stopped at the cap. */
  'audit.export',
] as const;
export const auditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditAction>;
/** `agent`: an AI agent calling /mcp with a grant; its label is the grant's label. */
export const ACTOR_TYPES = ['admin', 'kiosk', 'system', 'anonymous', 'agent'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** What the audit page filters on; its CSV export takes the same filters. */
export const auditFilter = z.object({
  actions: z.array(auditAction).optional(),
  sessionId: idSchema.optional(),
  learnerId: idSchema.optional(),
  actorId: idSchema.optional(),
  /** Only entries by these kinds of actor (e.g. `['agent']`); empty or absent means all. */
  actorTypes: z.array(z.enum(ACTOR_TYPES)).optional(),
  ip: safeText().max(64).optional(),
  since: z.iso.datetime({ error: 'Use an ISO-8601 date and time.' }).optional(),
  until: z.iso.datetime({ error: 'Use an ISO-8601 date and time.' }).optional(),
});
export type AuditFilter = z.infer<typeof auditFilter>;

export const listAuditInput = auditFilter
  .extend({
    limit: z.number().int().min(1).max(AUDIT_PAGE.max).default(AUDIT_PAGE.default),
    /** The `nextCursor` of the previous page. */
    cursor: z.number().int().positive().optional(),
  })
  .default({ limit: AUDIT_PAGE.default });

/**
 * Whom an entry is about: a learner, by their name as it is now (archived learners keep theirs),
 * or a guest, by age band (a guest has no name). `name` is null only if the learner's record is
 * gone altogether.
 */
export const auditSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('learner'), id: z.string(), name: z.string().nullable(), archived: z.boolean() }),
  z.object({ kind: z.literal('guest'), ageBand: z.string().nullable() }),
]);
export type AuditSubject = z.infer<typeof auditSubject>;

/** An enrolled tablet as it is now: renamed since, or retired. */
export const auditTablet = z.object({ id: z.string(), name: z.string(), retired: z.boolean() });

export const auditEntry = z.object({
  id: z.number(),
  at: isoDate,
  actorType: z.enum(ACTOR_TYPES),
  actorId: z.string().nullable(),
  /**
   * The actor's name when it acted: an admin's email, an agent grant's label, a tablet's name, or
   * what an unenrolled browser is ("Chrome on Android"); for a failed sign-in, the email tried.
   */
  actorLabel: z.string().nullable(),
  /** An admin actor's name as it is now, when they gave one (read by id; admins are never deleted). */
  actorName: z.string().nullable(),
  action: auditAction,
  sessionId: z.string().nullable(),
  learnerId: z.string().nullable(),
  /** The learner or guest the entry is about, named; null when it is about no one (a sign-in). */
  learner: auditSubject.nullable(),
  /**
   * The enrolled tablet the entry names, as it is now: the one that acted (kiosk entries) or the
   * one acted on (tablet entries, a session sent to it). Null when none.
   */
  tablet: auditTablet.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** Facts about the event (durations, counts, reasons). Never a code, token or password. */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const listAuditOutput = z.object({ items: z.array(auditEntry), nextCursor: z.number().nullable() });

/** Where the admin app downloads the audit log as CSV (an HTTP route, not tRPC: it is a file). */
export const AUDIT_EXPORT_PATH = '/exports/audit.csv';

/** An IANA time zone this runtime knows (the CSV's local-time column is written in it). */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The CSV export's query: the page's filters, and the admin's time zone for the local-time column. */
export const exportAuditInput = auditFilter.extend({
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { error: 'That time zone is not known. Use an IANA name such as Europe/Madrid.' })
    .optional(),
});
export type ExportAuditInput = z.infer<typeof exportAuditInput>;

const LIST_PARAMS = ['actions', 'actorTypes'] as const;

/** The export's link: filters as query parameters (lists repeat their name), empty ones left out. */
export function auditExportHref(input: ExportAuditInput): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${AUDIT_EXPORT_PATH}?${query}` : AUDIT_EXPORT_PATH;
}

/** The export's query parameters as the object `exportAuditInput` checks (the inverse of auditExportHref). */
export function auditExportQuery(params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(params.keys())) {
    raw[key] = (LIST_PARAMS as readonly string[]).includes(key) ? params.getAll(key) : params.get(key);
  }
  return raw;
}
