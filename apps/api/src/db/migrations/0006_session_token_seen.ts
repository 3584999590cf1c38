import type { Kysely } from 'kysely';

// Append-only. When the kiosk cookie was first presented: until then the tablet that redeemed the
// code may recover a session whose answer it never received (kiosk/recover.ts); after, never.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('token_seen_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('token_seen_at').execute();
}
