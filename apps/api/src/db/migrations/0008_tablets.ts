import type { Kysely } from 'kysely';

// Append-only. Enrolled tablets (issue 11): a tablet holds a long-lived device cookie of which only
// the SHA-256 is stored; enrollment codes are one-shot and stored as keyed hashes, like session
// codes; a session remembers the tablet that redeemed it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tablets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('previous_token_hash', 'text')
    .addColumn('token_rotated_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint')
    .addColumn('stream_id', 'text')
    .addColumn('retired_at', 'bigint')
    .execute();
  await db.schema.createIndex('tablets_previous_token_idx').on('tablets').column('previous_token_hash').execute();

  await db.schema
    .createTable('tablet_enrollments')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('tablet_id', 'text')
    .execute();

  await db.schema.alterTable('sessions').addColumn('tablet_id', 'text').execute();
  await db.schema.createIndex('sessions_tablet_idx').on('sessions').columns(['tablet_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_tablet_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('tablet_id').execute();
  await db.schema.dropTable('tablet_enrollments').execute();
  await db.schema.dropTable('tablets').execute();
}
