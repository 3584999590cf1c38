import type { Kysely } from 'kysely';

// Append-only. When a code stops working (redeemed, lapsed, replaced, session over) its keyed hash
// moves from `code_hash` to `spent_code_hash`, so a second try gets "already used" or "expired"
// instead of "unknown" while `code_hash` stays unique and only ever names a redeemable code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('spent_code_hash', 'text').execute();
  await db.schema.createIndex('sessions_spent_code_hash_idx').on('sessions').column('spent_code_hash').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_spent_code_hash_idx').execute();
  await db.schema.alterTable('sessions').dropColumn('spent_code_hash').execute();
}
