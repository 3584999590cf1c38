// `pnpm bench`: what Perch costs per request beside what this machine's Node can do at all, the
// memory an open kiosk event stream holds, and how quickly the kiosk shows a learner's name.
// Every server is its own process and the load generator (autocannon) another, all on 127.0.0.1,
// bounded in count and time. Writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONNECTIONS, runLoad, SECONDS } from './lib/load.mjs';
import { createBenchDatabase, postgresReachable } from './lib/postgres.mjs';
import { root, startBaseline } from './lib/processes.mjs';
import { report } from './lib/report.mjs';
import { measureStreams } from './lib/streams.mjs';
import { measurePerch } from './lib/throughput.mjs';
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

const machine = {
  date: new Date().toISOString().slice(0, 10),
  cores: execFileSync('nproc', { encoding: 'utf8' }).trim(),
  cpu: /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model,
  node: process.version,
  load: os.loadavg()[0].toFixed(2),
};

log('baseline (node:http)…');
const before = await measureBaseline();
log('Perch on SQLite…');
const sqlite = await measurePerch();
let postgres = null;
if (await postgresReachable()) {
  log('Perch on PostgreSQL…');
  const database = await createBenchDatabase();
  try {
    postgres = await measurePerch({ databaseUrl: database.url });
  } finally {
    await database.drop();
  }
} else {
  log('PostgreSQL is not reachable at 127.0.0.1:5432: its rows are left out (set BENCH_PG_URL to point elsewhere).');
}
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
