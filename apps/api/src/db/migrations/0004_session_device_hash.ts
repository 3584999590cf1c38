import type { Kysely } from 'kysely';

// Append-only. The kiosk cookie is bound to the tablet that redeemed it: a hash of its User-Agent
// and Accept-Language, checked on every kiosk request, so a cookie lifted to another device fails.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('device_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('device_hash').execute();
}
