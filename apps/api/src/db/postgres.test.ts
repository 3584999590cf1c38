import crypto from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL, createTestServices, type TestServices } from '../test/harness';
import { tick } from '../sessions/test-fixtures';
import { classifyUnavailable } from '../platform/unavailable';

/**
 * The PostgreSQL pool when its connections are killed under it (a restart, a failover,
 * `pg_terminate_backend`). Only this suite's own connections are terminated: they carry an
 * application_name of their own; the shared server stays up.
 */
describe('PostgreSQL connections killed under Perch', () => {
  const appName = `perch_t_${crypto.randomBytes(6).toString('hex')}`;
  let services: TestServices;
  let admin: pg.Client;

  beforeAll(async () => {
    services = await createTestServices('postgres', {
      DATABASE_URL: `${TEST_PG_URL}?application_name=${appName}`,
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    });
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await services?.close();
  });

  /** Terminates this suite's backends (optionally only those running `query`); returns how many. */
  async function terminate(querying?: string): Promise<number> {
    const { rows } = await admin.query<{ pid: number }>(
      `select pg_terminate_backend(pid) as ok, pid from pg_stat_activity
        where application_name = $1 and ($2::text is null or query like $2)`,
      [appName, querying ? `${querying}%` : null],
    );
    return rows.length;
  }

  const running = async (prefix: string) =>
    (await admin.query(`select 1 from pg_stat_activity where application_name = $1 and query like $2 and state = 'active'`, [appName, `${prefix}%`]))
      .rowCount ?? 0;

  it('survives idle connections being terminated, and the next query opens a new one', async () => {
    // Fill the pool with a few connections, then leave them idle.
    await Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(0.05)`.execute(services.db)));
    expect(await terminate()).toBeGreaterThanOrEqual(4);
    await tick(200); // the pool hears of each death ("terminating connection due to administrator command")
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(services.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('runs a read again on a fresh connection when its connection dies mid-query', async () => {
    const read = sql<{ answer: number }>`select pg_sleep(0.4), 42 as answer`.execute(services.db);
    while ((await running('select pg_sleep(0.4)')) === 0) await tick(10);
    expect(await terminate('select pg_sleep(0.4)')).toBe(1);
    await expect(read).resolves.toMatchObject({ rows: [{ answer: 42 }] });
  });

  it('never runs a write again: it fails as a lost connection (a 503 for the request)', async () => {
    const write = services.db.transaction().execute((tx) => sql`select pg_sleep(0.4)`.execute(tx));
    while ((await running('select pg_sleep(0.4)')) === 0) await tick(10);
    await terminate('select pg_sleep(0.4)');
    const err = await write.then(
      () => null,
      (e: unknown) => e,
    );
    expect(classifyUnavailable(err)).toBe('connection');
    await expect(sql`select 1 as one`.execute(services.db)).resolves.toMatchObject({ rows: [{ one: 1 }] });
  });

  it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS, and does not run it again', async () => {
    const err = await sql`select pg_sleep(3)`.execute(services.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: '57014' });
    expect(classifyUnavailable(err)).toBe('timeout');
  });
});
