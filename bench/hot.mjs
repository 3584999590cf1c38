// `pnpm bench:hot [me,redeem,start,mcp]`: the hot requests alone against one fresh SQLite instance
// (DATABASE_URL-style `BENCH_DB` for another database), with the server's CPU time per request
// beside req/s: the figure to watch while changing the hot path on a shared machine, where req/s
// moves with the neighbours and CPU per request much less. The server is pinned to one core and the
// load generator to the other (taskset). BENCH_ROUNDS repeats each target; BENCH_PERF=1 records each
// with `perf record -g` (the server runs with --perf-basic-prof) into /tmp/perf-<target>.data.
// Printed only: docs/BENCHMARKS.md is `pnpm bench`'s.
import { execFileSync, spawn } from 'node:child_process';
import { mcpStartTarget } from './mcp.mjs';
import { adminWithClass, meLoad, mintCodes, redeemAll, redeemBodies, redeemLoad, startLoad } from './lib/perch-api.mjs';
import { runLoad, SECONDS } from './lib/load.mjs';
import { cpuMs, startPerch } from './lib/processes.mjs';

const asked = (process.argv[2] ?? 'me,redeem').split(',');
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const perf = process.env.BENCH_PERF === '1';
const codes = Number(process.env.BENCH_CODES ?? 6000);
const pin = (core, pid) => execFileSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' });

pin(1, process.pid);
const perch = await startPerch({ databaseUrl: process.env.BENCH_DB, nodeArgs: perf ? ['--perf-basic-prof'] : [] });
pin(0, perch.pid);

async function measure(name, spec, run) {
  const cpuBefore = cpuMs(perch.pid);
  const recorder = perf ? spawn('perf', ['record', '-F', '2000', '-g', '-o', `/tmp/perf-${name}.data`, '-p', String(perch.pid)], { stdio: 'ignore' }) : null;
  const result = await runLoad({ url: perch.url, ...spec, ...run });
  if (recorder) {
    recorder.kill('SIGINT');
    await new Promise((resolve) => recorder.once('exit', resolve));
  }
  const cpu = (1000 * (cpuMs(perch.pid) - cpuBefore)) / result.requests;
  console.log(`${name.padEnd(7)} ${result.rps.toFixed(0).padStart(6)} req/s   server CPU ${cpu.toFixed(0).padStart(5)} µs/req   p50 ${result.p50.toFixed(2)} ms   not 2xx ${result.requests - result.ok}`);
}

try {
  const klass = await adminWithClass(perch.url);
  const minted = await mintCodes(perch.url, klass, 200 + (asked.includes('redeem') ? 500 + codes * rounds : 0));
  const cookies = await redeemAll(perch.url, minted.slice(0, 200));
  const bodies = redeemBodies(minted.slice(200));
  const targets = {
    me: { spec: meLoad(cookies), run: () => ({ duration: SECONDS }) },
    redeem: {
      spec: redeemLoad(),
      warm: { bodies: bodies.slice(0, 500), amount: 500 },
      run: (round) => ({ bodies: bodies.slice(500 + round * codes, 500 + (round + 1) * codes), amount: codes }),
    },
    start: { spec: startLoad(klass), run: () => ({ duration: SECONDS }) },
    // A class of its own: the starts above pile sessions up on theirs (see bench/lib/throughput.mjs).
    mcp: { spec: await mcpStartTarget(perch.url, await adminWithClass(perch.url)), run: () => ({ duration: SECONDS }) },
  };
  for (const name of asked) {
    const target = targets[name];
    if (!target) throw new Error(`bench:hot takes ${Object.keys(targets).join(', ')}; not ${name}.`);
    await runLoad({ url: perch.url, ...target.spec, ...(target.warm ?? { duration: 2 }) });
    for (let round = 0; round < rounds; round++) await measure(name, target.spec, target.run(round));
  }
} finally {
  await perch.stop();
}
