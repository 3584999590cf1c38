import type { Kysely } from 'kysely';

// Append-only. First-run set-up in the browser (issue 13): while no admin exists each start stores
// a set-up token's SHA-256 here (the token itself is printed once, in a link); admins may carry
// the name they gave at set-up.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('setup_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('admins').addColumn('name', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('admins').dropColumn('name').execute();
  await db.schema.dropTable('setup_tokens').execute();
}
