// A throwaway database on the shared PostgreSQL for one bench run (created, then dropped): the
// bench never touches another engineer's schema or the `test` database's tables.
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { root } from './processes.mjs';

const pg = createRequire(path.join(root, 'apps/api/package.json'))('pg');
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** True when something answers on PostgreSQL's address; the bench then measures it too. */
export function postgresReachable(url = PG_ADMIN_URL) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates `perch_bench_<pid>`; returns its URL and a function that drops it. */
export async function createBenchDatabase() {
  const name = `perch_bench_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
