import type { AuditAction, AuditEntry, AuditSubject } from '@perch/shared';
import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema';
import { iso } from '../platform/time';

/*
 * Who an entry names, in words a person knows. Two sources, chosen per kind of name:
 *
 * - Written with the entry (`actor_label`): the admin's email, the agent grant's label, the tablet's
 *   name or the browser's kind, as they were when it acted. An audit log records what happened as it
 *   happened, and these outlive what they name (a renamed tablet, a revoked grant).
 * - Read when the log is read, by id:
 *   - A learner's name, from `learners`. Learners are never deleted, only archived, so an archived
 *     learner is still named; a corrected spelling applies to their whole history; and a child's name
 *     lives in one place rather than being copied into a year of audit rows, so should a learner ever
 *     be erased, the log forgets them too.
 *   - A guest's age band, from the `session.start_guest` entry of the same session: the guest's own
 *     session row is deleted as soon as it ends, the log's entries are not.
 *   - An admin's name (given at first-run set-up), from `admins`: the email stays in the entry.
 *   - A tablet as it is now (renamed, retired), from `tablets`, which are never deleted: the words
 *     then say "Tablet 3 (now “Front desk”)", the name it had and the one to look for today.
 * One query per kind per page (a few ids each), never one per row.
 */

type AuditRow = Selectable<AuditLogTable>;

const unique = <T>(items: (T | null | undefined)[]) => [...new Set(items.filter((i): i is T => i !== null && i !== undefined))];

/** Rows are written by recordAudit as JSON objects; anything else is read as empty rather than failing the page. */
export function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const tabletIdIn = (detail: Record<string, unknown>) => (typeof detail.tabletId === 'string' ? detail.tabletId : null);

/** The entries of a page of rows, with the learner (or guest) and the tablet each one names. */
export async function nameEntries(db: Kysely<Database>, rows: AuditRow[]): Promise<AuditEntry[]> {
  if (rows.length === 0) return [];
  const details = rows.map((r) => parseDetail(r.detail));
  const isGuestRow = (r: AuditRow) => r.session_id !== null && r.learner_id === null;
  const kioskRows = rows.filter((r) => r.actor_type === 'kiosk');

  const [admins, learners, guestBands, kioskSessions] = await Promise.all([
    adminsById(db, unique(rows.filter((r) => r.actor_type === 'admin').map((r) => r.actor_id))),
    learnersById(db, unique(rows.map((r) => r.learner_id))),
    guestAgeBands(db, unique(rows.filter(isGuestRow).map((r) => r.session_id))),
    // Older kiosk entries name their session, not their tablet: the session remembers the tablet while it is kept.
    sessionTablets(db, unique(kioskRows.map((r) => r.session_id))),
  ]);
  const tabletIds = unique([
    ...kioskRows.map((r) => r.actor_id),
    ...[...kioskSessions.values()].map((s) => s.tablet_id),
    ...details.map(tabletIdIn),
  ]);
  const tablets = await tabletsById(db, tabletIds);

  return rows.map((row, i) => {
    const detail = details[i]!;
    const tabletId =
      row.actor_type === 'kiosk'
        ? (tablets.has(row.actor_id ?? '') ? row.actor_id : kioskSessions.get(row.session_id ?? '')?.tablet_id)
        : tabletIdIn(detail);
    const tablet = tabletId ? tablets.get(tabletId) : undefined;
    let learner: AuditSubject | null = null;
    if (row.learner_id) {
      const found = learners.get(row.learner_id);
      learner = { kind: 'learner', id: row.learner_id, name: found?.name ?? null, archived: (found?.archived_at ?? null) !== null };
    } else if (isGuestRow(row)) {
      learner = { kind: 'guest', ageBand: guestBands.get(row.session_id!) ?? null };
    }
    return {
      id: row.id,
      at: iso(row.at),
      actorType: row.actor_type,
      actorId: row.actor_id,
      actorLabel: row.actor_label,
      actorName: row.actor_type === 'admin' ? (admins.get(row.actor_id ?? '')?.name ?? null) : null,
      action: row.action as AuditAction,
      sessionId: row.session_id,
      learnerId: row.learner_id,
      learner,
      tablet: tablet ? { id: tablet.id, name: tablet.name, retired: tablet.retired_at !== null } : null,
      ip: row.ip,
      userAgent: row.user_agent,
      detail,
    };
  });
}

/** Rows by id, as a map. */
const mapById = <R extends { id: string }>(rows: R[]) => new Map(rows.map((r) => [r.id, r]));

/*
 * The look-ups by id. No query at all for no ids; a page holds at most AUDIT_EXPORT.pageRows
 * rows, so the lists stay far below any database's limit on parameters.
 */
const adminsById = async (db: Kysely<Database>, ids: string[]) =>
  mapById(ids.length ? await db.selectFrom('admins').select(['id', 'name']).where('id', 'in', ids).execute() : []);
const learnersById = async (db: Kysely<Database>, ids: string[]) =>
  mapById(ids.length ? await db.selectFrom('learners').select(['id', 'name', 'archived_at']).where('id', 'in', ids).execute() : []);
const sessionTablets = async (db: Kysely<Database>, ids: string[]) =>
  mapById(ids.length ? await db.selectFrom('sessions').select(['id', 'tablet_id']).where('id', 'in', ids).execute() : []);
const tabletsById = async (db: Kysely<Database>, ids: string[]) =>
  mapById(ids.length ? await db.selectFrom('tablets').select(['id', 'name', 'retired_at']).where('id', 'in', ids).execute() : []);

/** Each guest session's age band, from its `session.start_guest` entry. */
async function guestAgeBands(db: Kysely<Database>, sessionIds: string[]): Promise<Map<string, string>> {
  if (sessionIds.length === 0) return new Map();
  const starts = await db
    .selectFrom('audit_log')
    .select(['session_id', 'detail'])
    .where('action', '=', 'session.start_guest')
    .where('session_id', 'in', sessionIds)
    .execute();
  const bands = new Map<string, string>();
  for (const s of starts) {
    const band = parseDetail(s.detail).ageBand;
    if (s.session_id && typeof band === 'string') bands.set(s.session_id, band);
  }
  return bands;
}
