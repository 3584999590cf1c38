import { sql, type Selectable } from 'kysely';
import crypto from 'node:crypto';
import { z } from 'zod';
import {
  LEARNERS_LIST,
  learnerSearchKey,
  type createLearnerInput,
  type listLearnersInput,
  type newLearnerFields,
  type updateLearnerInput,
  type Admin,
  type Learner,
} from '@perch/shared';
import { asActor, type Acting, type AgentIdentity } from '../audit/actor';
import { recordAudit, type AuditFact } from '../audit/audit.service';
import type { LearnersTable } from '../db/schema';
import { PerchError } from '../platform/errors';
import { iso, isoOrNull } from '../platform/time';
import type { Context, Services } from '../context';
import { containsPattern } from './search-key';

export type LearnerRow = Selectable<LearnersTable>;
type NewLearner = z.output<typeof newLearnerFields>;
type CreateLearner = z.output<typeof createLearnerInput>;
type UpdateLearner = z.output<typeof updateLearnerInput>;
type ListLearners = z.output<typeof listLearnersInput>;
/** The request, and the agent when one acts for the admin (its audit entries then name the agent). */
export type ActingContext = Context & { agent?: AgentIdentity | undefined };

export function toLearner(row: LearnerRow): Learner {
  return {
    id: row.id,
    name: row.name,
    age: row.age,
    notes: row.notes,
    consentAt: iso(row.consent_at),
    createdAt: iso(row.created_at),
    archivedAt: isoOrNull(row.archived_at),
  };
}

/** Empty notes mean "no notes"; the column holds null rather than ''. */
const blankToNull = (notes: string | null | undefined) => (notes ? notes : null);

const learnerNotFound = () =>
  new PerchError('NOT_FOUND', 'NOT_FOUND', 'That learner was not found. They may have been removed; reload the list.');

/** The learner with this id, or NOT_FOUND. Archived learners are found too: they can still be read. */
export async function getLearner(ctx: Services, learnerId: string): Promise<LearnerRow> {
  const row = await ctx.db.selectFrom('learners').selectAll().where('id', '=', learnerId).executeTakeFirst();
  if (!row) throw learnerNotFound();
  return row;
}

/** A new learner's row. The admin confirmed consent (the schema requires `consent: true`); that moment is kept. */
export function newLearnerRow(admin: Admin, fields: NewLearner, now: number): LearnerRow {
  return {
    id: crypto.randomUUID(),
    name: fields.name,
    search_key: learnerSearchKey(fields.name),
    age: fields.age ?? null,
    notes: blankToNull(fields.notes),
    consent_at: now,
    created_by: admin.id,
    created_at: now,
    updated_at: now,
    archived_at: null,
  };
}

/** The audit fact of a learner added. Facts only: notes may hold sensitive details about a child and stay out of the log. */
export function learnerCreatedFact(acting: Acting, row: LearnerRow, detail: Record<string, unknown> = {}): AuditFact {
  return {
    action: 'learner.create',
    ...asActor(acting),
    learnerId: row.id,
    detail: { withAge: row.age !== null, withNotes: row.notes !== null, ...detail },
  };
}

/** Adds a learner. */
export async function createLearner(ctx: ActingContext, admin: Admin, input: CreateLearner): Promise<Learner> {
  const now = ctx.now();
  const row = newLearnerRow(admin, input, now);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('learners').values(row).execute();
    await recordAudit(trx, now, ctx.req, learnerCreatedFact({ admin, agent: ctx.agent }, row));
  });
  return toLearner(row);
}

/** Learners sorted by name; `search` matches any part of the name, ignoring case and accents. */
export async function listLearners(ctx: Services, input: ListLearners): Promise<Learner[]> {
  let query = ctx.db.selectFrom('learners').selectAll();
  if (!input?.includeArchived) query = query.where('archived_at', 'is', null);
  const search = input?.search ? learnerSearchKey(input.search) : '';
  // ESCAPE is spelled out: PostgreSQL defaults to backslash, SQLite has no default.
  if (search) query = query.where(sql<boolean>`${sql.ref('search_key')} like ${containsPattern(search)} escape '\\'`);
  const rows = await query
    .orderBy('search_key')
    .orderBy('name')
    .orderBy('id')
    .limit(input?.limit ?? LEARNERS_LIST.default)
    .execute();
  return rows.map(toLearner);
}

/**
 * Changes name, age or notes. Omitted fields stay as they are; `null` clears age or notes.
 * An archived learner is read-only.
 */
export async function updateLearner(ctx: ActingContext, admin: Admin, input: UpdateLearner): Promise<Learner> {
  const now = ctx.now();
  const changes: Partial<Pick<LearnerRow, 'name' | 'search_key' | 'age' | 'notes'>> = {};
  if (input.name !== undefined) Object.assign(changes, { name: input.name, search_key: learnerSearchKey(input.name) });
  if (input.age !== undefined) changes.age = input.age;
  if (input.notes !== undefined) changes.notes = blankToNull(input.notes);
  const changed = Object.keys(changes).filter((k) => k !== 'search_key');

  return ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('learners').selectAll().where('id', '=', input.learnerId).executeTakeFirst();
    if (!current) throw learnerNotFound();
    if (current.archived_at !== null) throw archivedConflict(current.name);
    if (changed.length === 0) return toLearner(current);
    // The archived check is repeated in the UPDATE so an archive racing this edit cannot be undone by it.
    const updated = await trx
      .updateTable('learners')
      .set({ ...changes, updated_at: now })
      .where('id', '=', input.learnerId)
      .where('archived_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!updated) throw archivedConflict(current.name);
    await recordAudit(trx, now, ctx.req, {
      action: 'learner.update',
      ...asActor({ admin, agent: ctx.agent }),
      learnerId: updated.id,
      // Which fields changed, never their values.
      detail: { changed },
    });
    return toLearner(updated);
  });
}

/** Archives a learner: hidden from the list, kept for the record. Archiving twice changes nothing. */
export async function archiveLearner(ctx: ActingContext, admin: Admin, learnerId: string): Promise<Learner> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const archived = await trx
      .updateTable('learners')
      .set({ archived_at: now, updated_at: now })
      .where('id', '=', learnerId)
      .where('archived_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!archived) {
      const existing = await trx.selectFrom('learners').selectAll().where('id', '=', learnerId).executeTakeFirst();
      if (!existing) throw learnerNotFound();
      return toLearner(existing);
    }
    await recordAudit(trx, now, ctx.req, {
      action: 'learner.archive',
      ...asActor({ admin, agent: ctx.agent }),
      learnerId,
    });
    return toLearner(archived);
  });
}

const archivedConflict = (name: string) =>
  new PerchError('CONFLICT', 'LEARNER_ARCHIVED', `${name} is archived, so their details can no longer be changed.`);
