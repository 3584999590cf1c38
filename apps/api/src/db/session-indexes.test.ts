import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestServices, type TestServices } from '../test/harness';
import type { Database } from './schema';

/** The lookups that use the two partial session indexes (kiosk/redeem.ts, kiosk/recover.ts, tablets/). */
const LOOKUPS = [
  ['sessions_spent_code_hash_idx', sql`select id from sessions where spent_code_hash = 'h' order by created_at desc`],
  ['sessions_tablet_idx', sql`select id from sessions where tablet_id = 't' and state in ('active', 'locked')`],
  ['sessions_tablet_idx', sql`select id, tablet_id from sessions where tablet_id in ('t', 'u')`],
] as const;

async function plan(db: Kysely<Database>, dialect: string, query: (typeof LOOKUPS)[number][1]): Promise<string> {
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ detail: string }>`explain query plan ${query}`.execute(db);
    return rows.map((r) => r.detail).join('\n');
  }
  // An empty table is read whole; asked not to, the planner shows which index it can use.
  return db.transaction().execute(async (tx) => {
    await sql`set local enable_seqscan = off`.execute(tx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(tx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

async function definitions(db: Kysely<Database>, dialect: string): Promise<Record<string, string>> {
  const { rows } =
    dialect === 'sqlite'
      ? await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'sessions' and sql is not null`.execute(db)
      : await sql<{ name: string; sql: string }>`select indexname as name, indexdef as sql from pg_indexes where tablename = 'sessions' and schemaname = current_schema()`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.sql]));
}

for (const dialect of DIALECTS) {
  describe(`session indexes (${dialect})`, () => {
    let services: TestServices;
    beforeAll(async () => {
      services = await createTestServices(dialect);
    });
    afterAll(() => services?.close());

    it('hold no NULL entries for spent codes and tablets, so a redeem does not rewrite them', async () => {
      const indexes = await definitions(services.db, dialect);
      expect(indexes['sessions_spent_code_hash_idx']).toMatch(/where.*spent_code_hash.*is not null/i);
      expect(indexes['sessions_tablet_idx']).toMatch(/where.*tablet_id.*is not null/i);
    });

    it('still serve every lookup by spent code and by tablet', async () => {
      for (const [index, query] of LOOKUPS) expect(await plan(services.db, dialect, query)).toContain(index);
    });
  });
}
