import type { Kysely } from 'kysely';

// Append-only. How a session ended, for the tablet: `forced` (an admin force-ended it, or retired its
// tablet: straight back to "Scan your code", no goodbye); null for every other end (the goodbye).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('end_kind', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('end_kind').execute();
}
