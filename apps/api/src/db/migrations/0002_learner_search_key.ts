import type { Kysely } from 'kysely';
import { learnerSearchKey } from '@perch/shared';

// Append-only. Adds the folded name that learners.list searches and sorts by (learnerSearchKey in @perch/shared).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('learners')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  const rows: { id: string; name: string }[] = await db.selectFrom('learners').select(['id', 'name']).execute();
  for (const row of rows) {
    await db.updateTable('learners').set({ search_key: learnerSearchKey(row.name) }).where('id', '=', row.id).execute();
  }
  await db.schema.createIndex('learners_search_key_idx').on('learners').column('search_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('learners_search_key_idx').execute();
  await db.schema.alterTable('learners').dropColumn('search_key').execute();
}
