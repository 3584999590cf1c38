import type { z } from 'zod';
import type { Admin, CreateManyLearnersOutput, createManyLearnersInput } from '@perch/shared';
import { recordAudits } from '../audit/audit.service';
import { FieldIssues, PerchError } from '../platform/errors';
import { learnerCreatedFact, newLearnerRow, toLearner, type ActingContext, type LearnerRow } from './learners.service';

type CreateManyLearners = z.output<typeof createManyLearnersInput>;

/**
 * Adds a list of learners, all or none, in one transaction: their rows and one `learner.create`
 * audit entry each. The input schema has already checked every row (and refused repeats within the
 * list); here, a name that is already an active learner's is refused on its row unless the admin
 * said `addSameNames` after seeing it. A failure anywhere, the database's included, adds nobody.
 */
export async function createManyLearners(ctx: ActingContext, admin: Admin, input: CreateManyLearners): Promise<CreateManyLearnersOutput> {
  const now = ctx.now();
  const rows = input.learners.map((fields) => newLearnerRow(admin, fields, now));
  await ctx.db.transaction().execute(async (trx) => {
    if (!input.addSameNames) {
      const keys = [...new Set(rows.map((row) => row.search_key))];
      const existing = await trx
        .selectFrom('learners')
        .select(['name', 'search_key'])
        .where('archived_at', 'is', null)
        .where('search_key', 'in', keys)
        .execute();
      if (existing.length > 0) throw sameNames(rows, new Map(existing.map((e) => [e.search_key, e.name])));
    }
    // One statement each: at most LEARNERS_ADD_MANY_MAX rows of ten values, well within both databases' limits.
    await trx.insertInto('learners').values(rows).execute();
    const acting = { admin, agent: ctx.agent };
    await recordAudits(trx, now, ctx.req, rows.map((row) => learnerCreatedFact(acting, row, { listSize: rows.length })));
  });
  return { learners: rows.map(toLearner) };
}

/** LEARNER_NAME_EXISTS, with a sentence on each row whose name an active learner already has. */
function sameNames(rows: LearnerRow[], existing: Map<string, string>): PerchError {
  const issues = rows.flatMap((row, index) => {
    const name = existing.get(row.search_key);
    return name === undefined ? [] : [{ path: ['learners', index, 'name'], message: `There is already a learner called “${name}”.` }];
  });
  const count = issues.length;
  return new PerchError(
    'CONFLICT',
    'LEARNER_NAME_EXISTS',
    `Nothing was added: ${count === 1 ? '1 name matches a learner' : `${count} names match learners`} you already have. ` +
      'If they are different people, confirm it and add the list again.',
    undefined,
    new FieldIssues(issues),
  );
}
