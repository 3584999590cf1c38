// Child processes for the bench: a bare node:http baseline and the built Perch server, each in its own
// process (and the load generator in a third), so no two share an event loop. Loopback only.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_ADMIN = { email: 'bench@example.org', password: 'bench-password-123' };

/**
 * Caps lifted for the bench, and said so in the report: the reference caps (10 session starts a
 * minute per admin, 60 failed redemptions a minute) would refuse a load test within a second. What
 * is measured is the cost of a request that passes its checks, not how fast a cap says no.
 */
export const BENCH_CAPS = {
  RATE_LIMIT_SESSION_START_PER_MIN: '100000000',
  RATE_LIMIT_CLASS_START_PER_MIN: '100000000',
  REDEEM_FAILURES_PER_IP: '100000000',
  REDEEM_FAILURES_GLOBAL_PER_MIN: '100000000',
};

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** CPU time a process has used so far (user + system), in ms, from /proc. */
export function cpuMs(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in KiB, from /proc (no hook inside the server). */
export function rssKiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

async function waitForHealth(url, child, output) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 30 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function track(child, extra = () => {}) {
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  return {
    child,
    pid: child.pid,
    output: () => log,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      extra();
    },
  };
}

/** A bare node:http hello world answering a tRPC-shaped body: what this machine's Node can do at all. */
export async function startBaseline() {
  const port = await freePort();
  const body = JSON.stringify({ result: { data: 'hello' } });
  const code = `require('node:http').createServer((q, s) => { s.setHeader('content-type', 'application/json'); s.end(${JSON.stringify(body)}); }).listen(${port}, '127.0.0.1')`;
  const proc = track(spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'pipe'] }));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}/`, proc.child, proc.output);
  return { ...proc, url };
}

/**
 * The built API (`apps/api/dist/main.js`) with its own SQLite file or the given PostgreSQL URL, the
 * bench admin and lifted caps. `nodeArgs` go before the script (e.g. `--cpu-prof`), `env` wins.
 * PUBLIC_URL is the very address the load goes to, so any Host/Origin check sees its own origin.
 */
export async function startPerch({ databaseUrl, nodeArgs = [], env = {}, host = '127.0.0.1' } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-bench-'));
  const url = `http://${host}:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'apps/api/dist/main.js')], {
    cwd: dir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl ?? `sqlite:${path.join(dir, 'perch.sqlite')}`,
      PERCH_SECRET: crypto.randomBytes(24).toString('hex'),
      PERCH_ADMIN_EMAIL: BENCH_ADMIN.email,
      PERCH_ADMIN_PASSWORD: BENCH_ADMIN.password,
      REDIS_URL: '',
      ...BENCH_CAPS,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = track(child, () => fs.rmSync(dir, { recursive: true, force: true }));
  await waitForHealth(`${url}/healthz`, child, proc.output);
  return { ...proc, url, dir };
}
