import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import { createPostgresPool } from '../db/postgres';
import type { Database } from '../db/schema';
import { TEST_PG_URL } from './harness';

/** A database handle on the suite's schema that notes every statement it sends to PostgreSQL. */
export function countingDatabase(schema: string) {
  const sent: string[] = [];
  const pool = createPostgresPool({ url: TEST_PG_URL, poolSize: 2, schema, connectTimeoutMs: 5_000, statementTimeoutMs: 10_000 });
  const counting: PostgresPool = {
    connect: async () => {
      const client = await pool.connect();
      const query = client.query.bind(client);
      client.query = ((sql: string, parameters: unknown[]) => {
        sent.push(sql);
        return query(sql, parameters);
      }) as typeof client.query;
      return client;
    },
    end: () => pool.end(),
  };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: counting }) }), sent };
}
