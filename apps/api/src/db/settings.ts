import type { Kysely } from 'kysely';
import type { Database } from './schema';

/** A deployment-wide setting's stored text (the `settings` table), or undefined when never set. */
export async function readSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting's text (set or replaced), with which admin changed it and when. */
export async function writeSetting(db: Kysely<Database>, key: string, value: string, adminId: string, now: number): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_by: adminId, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: adminId, updated_at: now }))
    .execute();
}
