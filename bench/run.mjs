// `pnpm bench`: kiosk.redeem and cookie-authenticated kiosk.me throughput of the built API on SQLite,
// beside a bare node:http hello-world server measured in the same run by the same client.
// Writes docs/BENCHMARKS.md. Load goes to 127.0.0.1 only, bounded in count and time.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { benchStartSession } from './mcp.mjs';
import { cookieOf, freePort, request as sendRequest, root, rssMiB, startPerch, waitFor } from './perch.mjs';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CODES = Number(process.env.BENCH_CODES ?? 2000);
const START_REQUESTS = Number(process.env.BENCH_STARTS ?? 1000);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

const request = (port, options) => sendRequest(port, { agent, ...options });

/** Runs `total` requests with `CONCURRENCY` in flight; returns requests/s and latency percentiles. */
async function load(total, makeRequest) {
  const latencies = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        const res = await makeRequest(i);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (res.status !== 200) failures++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { total, failures, rps: total / seconds, p50: pct(50), p99: pct(99) };
}

async function startBaseline() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-e', `require('node:http').createServer((q,s)=>{s.setHeader('content-type','application/json');s.end('{"result":{"data":"hello"}}')}).listen(${port},'127.0.0.1')`], { stdio: 'ignore' });
  await waitFor(port, '/');
  return { port, child };
}

const BENCH_ADMIN = { email: 'bench@example.org', password: 'bench-password-123' };

async function signIn(port) {
  const login = await request(port, { method: 'POST', path: '/trpc/auth.login', body: BENCH_ADMIN });
  return cookieOf(login, '__Host-perch_admin');
}

async function seedCodes(port) {
  const admin = await signIn(port);
  const learnerIds = [];
  for (let i = 0; i < 50; i++) {
    const res = await request(port, { method: 'POST', path: '/trpc/learners.create', headers: { cookie: admin }, body: { name: `Learner ${i}`, consent: true } });
    learnerIds.push(JSON.parse(res.body).result.data.id);
  }
  const codes = [];
  while (codes.length < CODES) {
    const res = await request(port, { method: 'POST', path: '/trpc/sessions.startBulk', headers: { cookie: admin }, body: { learnerIds, durationMin: 240 } });
    const body = JSON.parse(res.body);
    if (!body.result) throw new Error(`startBulk failed: ${res.body}`);
    codes.push(...body.result.data.sessions.map((s) => s.redemptionCode));
  }
  return { codes: codes.slice(0, CODES), learnerIds };
}

async function main() {
  const baseline = await startBaseline();
  const perch = await startPerch({ admin: BENCH_ADMIN });
  try {
    const { codes, learnerIds } = await seedCodes(perch.port);
    const rssBefore = rssMiB(perch.child.pid);

    // Warm up both servers (JIT, connection pool) before measuring.
    await load(500, () => request(baseline.port, { path: '/' }));
    await load(200, () => request(perch.port, { path: '/healthz' }));

    const hello = await load(REQUESTS, () => request(baseline.port, { path: '/' }));
    const cookies = [];
    const redeem = await load(codes.length, async (i) => {
      const res = await request(perch.port, { method: 'POST', path: '/trpc/kiosk.redeem', body: { code: codes[i] } });
      const c = cookieOf(res, '__Host-perch_kiosk');
      if (c) cookies.push(c);
      return res;
    });
    if (cookies.length === 0) throw new Error('no redemption succeeded');
    const me = await load(REQUESTS, (i) => request(perch.port, { path: '/trpc/kiosk.me', headers: { cookie: cookies[i % cookies.length] } }));
    const starts = await benchStartSession({ port: perch.port, request, load, admin: await signIn(perch.port), learnerIds, total: START_REQUESTS });
    const rssAfter = rssMiB(perch.child.pid);

    const row = (name, r) =>
      `| ${name} | ${r.total} | ${r.failures} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${(r.rps / hello.rps).toFixed(3)} |`;
    const report = `# Benchmarks

Measured by \`pnpm bench\` (bench/run.mjs) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}.
One client process, ${CONCURRENCY} requests in flight over keep-alive connections to 127.0.0.1; each server is
its own process. The baseline is a bare \`node:http\` hello-world server measured in the same run by the same
client, so the ratio says what Perch's stack (Express, helmet, tRPC, zod, Kysely, SQLite) costs per request
on this machine rather than how fast the machine is.

| endpoint | requests | non-200 | requests/s | p50 ms | p99 ms | × baseline |
|---|---:|---:|---:|---:|---:|---:|
${row('baseline: node:http hello world', hello)}
${row('kiosk.redeem (POST, one code each)', redeem)}
${row('kiosk.me (GET, cookie)', me)}
${row('sessions.start (tRPC, admin cookie)', starts.trpc)}
${row('maker_start_session (MCP tools/call, grant)', starts.mcp)}

An MCP start costs ${(starts.trpc.rps / starts.mcp.rps).toFixed(2)}× a tRPC start: both run the same service call; MCP adds a
fresh MCP server per request, the grant lookup, the policy read and its counter, and an \`agent.call\` audit row.

Perch server memory (RSS): ${rssBefore.toFixed(0)} MiB after seeding ${codes.length} sessions, ${rssAfter.toFixed(0)} MiB after the run.

What a redeem does: throttle check, zod parse, one keyed hash, one conditional \`UPDATE … RETURNING\` in a
transaction with its audit row, SHA-256 of a new token, the Set-Cookie, and a live event. \`kiosk.me\` hashes the
cookie and reads one row by a unique index.
`;
    // Keep the soak section (`pnpm soak`, bench/soak.mjs): it is measured separately.
    const file = path.join(root, 'docs/BENCHMARKS.md');
    const soak = /<!-- soak:begin -->[\s\S]*<!-- soak:end -->\n?/.exec(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')?.[0];
    fs.writeFileSync(file, soak ? `${report}\n${soak}` : report);
    console.log(report);
  } finally {
    baseline.child.kill();
    await perch.stop();
    agent.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
