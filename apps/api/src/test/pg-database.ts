import crypto from 'node:crypto';
import pg from 'pg';
import { TEST_PG_URL } from './harness';

export interface ScratchDatabase {
  /** Also the application_name its URL sets, so a test can find (and kill) its connections. */
  name: string;
  url: string;
  /** Runs SQL as the server's superuser, outside Perch. */
  admin: pg.Client;
  drop(): Promise<void>;
}

/**
 * A PostgreSQL database of the test's own on the shared server, for Perch running as a child
 * process (which cannot be handed a test schema): created empty, dropped at the end.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `perch_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  url.searchParams.set('application_name', name);
  return {
    name,
    url: url.toString(),
    admin,
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
