// `pnpm bench`: what Perch costs per request beside what this machine's Node can do at all, the
// memory an open kiosk event stream holds, and how quickly the kiosk shows a learner's name.
// `pnpm bench --only mcp` measures only the MCP start beside the tRPC start (see below).
// Every server is its own process and the load generator (autocannon) another, all on 127.0.0.1,
// bounded in count and time. Writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTIONS, runLoad, SECONDS } from './lib/load.mjs';
import { createBenchDatabase, postgresReachable } from './lib/postgres.mjs';
import { root, startBaseline } from './lib/processes.mjs';
import { report, startsReport } from './lib/report.mjs';
import { measureStreams } from './lib/streams.mjs';
import { measurePerch, measureStarts } from './lib/throughput.mjs';
import { firstLoadJs, timeToName } from './lib/web.mjs';

const log = (...args) => console.error('[bench]', ...args);

/** wrk, when installed, cross-checks that the load generator is not the ceiling of the baseline. */
function wrkBaseline(url) {
  try {
    const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, `${url}/`], { encoding: 'utf8' });
    return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  } catch {
    return null;
  }
}

async function measureBaseline() {
  const baseline = await startBaseline();
  try {
    await runLoad({ url: baseline.url, path: '/', duration: 2 });
    const result = await runLoad({ url: baseline.url, path: '/' });
    return { ...result, wrk: wrkBaseline(baseline.url) };
  } finally {
    await baseline.stop();
  }
}

/** Runs `measure` against a database created for it on PostgreSQL (dropped after); null when none answers. */
async function onPostgres(measure) {
  if (!(await postgresReachable())) {
    log('PostgreSQL is not reachable at 127.0.0.1:5432: its rows are left out (set BENCH_PG_URL to point elsewhere).');
    return null;
  }
  log('Perch on PostgreSQL…');
  const database = await createBenchDatabase();
  try {
    return await measure(database.url);
  } finally {
    await database.drop();
  }
}

const machine = {
  date: new Date().toISOString().slice(0, 10),
  cores: execFileSync('nproc', { encoding: 'utf8' }).trim(),
  cpu: /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model,
  node: process.version,
  load: os.loadavg()[0].toFixed(2),
};

// `pnpm bench --only mcp`: only sessions.start beside maker_start_session, on both databases,
// BENCH_ROUNDS rounds (default 3); printed, docs/BENCHMARKS.md is left as it is.
const onlyAt = process.argv.indexOf('--only');
if (onlyAt !== -1) {
  const only = process.argv[onlyAt + 1];
  if (only !== 'mcp') throw new Error(`--only takes "mcp" (sessions.start beside maker_start_session), not ${only ?? 'nothing'}.`);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  log('starts on SQLite…');
  const sqlite = await measureStarts({ rounds });
  const postgres = await onPostgres((databaseUrl) => measureStarts({ databaseUrl, rounds }));
  console.log(startsReport({ machine, sqlite, postgres }));
  process.exit(0);
}

log('baseline (node:http)…');
const before = await measureBaseline();
log('Perch on SQLite…');
const sqlite = await measurePerch();
const postgres = await onPostgres((databaseUrl) => measurePerch({ databaseUrl }));
log('baseline again…');
const after = await measureBaseline();
log('kiosk event streams…');
const streams = await measureStreams();
log('kiosk in Chromium…');
const name = await timeToName();
const web = { kiosk: firstLoadJs('kiosk'), admin: firstLoadJs('admin') };

const markdown = report({ machine, baselines: [before, after], sqlite, postgres, streams, name, web });
// The soak section (`pnpm soak`, bench/soak.mjs) is measured separately: keep it as it is.
const file = path.join(root, 'docs/BENCHMARKS.md');
const soak = /<!-- soak:begin -->[\s\S]*<!-- soak:end -->\n?/.exec(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')?.[0];
fs.writeFileSync(file, soak ? `${markdown}\n${soak}` : markdown);
console.log(markdown);
