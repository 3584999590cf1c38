import type { Kysely } from 'kysely';

// Append-only. Two session indexes hold only the rows a query can ask for: every lookup by
// `spent_code_hash` or `tablet_id` compares it with a value (`=`, `IN`), which never matches NULL.
// Most sessions never run on an enrolled tablet, and every pending one has no spent code yet, so a
// redeem's UPDATE (which sets both columns) no longer removes and re-adds NULL entries in them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_spent_code_hash_idx').execute();
  await db.schema
    .createIndex('sessions_spent_code_hash_idx')
    .on('sessions')
    .column('spent_code_hash')
    .where('spent_code_hash', 'is not', null)
    .execute();
  await db.schema.dropIndex('sessions_tablet_idx').execute();
  await db.schema
    .createIndex('sessions_tablet_idx')
    .on('sessions')
    .columns(['tablet_id', 'state'])
    .where('tablet_id', 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_tablet_idx').execute();
  await db.schema.createIndex('sessions_tablet_idx').on('sessions').columns(['tablet_id', 'state']).execute();
  await db.schema.dropIndex('sessions_spent_code_hash_idx').execute();
  await db.schema.createIndex('sessions_spent_code_hash_idx').on('sessions').column('spent_code_hash').execute();
}
