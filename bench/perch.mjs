// What `pnpm bench` and `pnpm soak` share: the built server as a child process on loopback, one
// HTTP request at a time, and the server's memory.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One request to 127.0.0.1:`port`; a JSON `body` is sent as such. Resolves with status, headers and body text. */
export function request(port, { method = 'GET', path: p, body, headers = {}, agent }) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: p,
        agent,
        headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

export const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The resident memory of process `pid`, in MiB (Linux). */
export function rssMiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

export const cookieOf = (res, name) => [res.headers['set-cookie'] ?? []].flat().map((c) => c.split(';')[0]).find((c) => c.startsWith(name));

/** Polls `path` on `port` until it answers 200. */
export async function waitFor(port, p) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await request(port, { path: p })).status === 200) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server on ${port} did not start`);
}

/**
 * The built API (`apps/api/dist/main.js`) on a free loopback port with a fresh SQLite file and an
 * admin (`admin`); caps that would throttle the set-up are lifted. `env` adds or overrides settings.
 */
export async function startPerch({ admin, env = {} }) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-bench-'));
  const child = spawn(process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      DATABASE_URL: `sqlite:${path.join(dir, 'perch.sqlite')}`,
      PERCH_SECRET: crypto.randomBytes(24).toString('hex'),
      PERCH_ADMIN_EMAIL: admin.email,
      PERCH_ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_SESSION_START_PER_MIN: '1000000',
      RATE_LIMIT_CLASS_START_PER_MIN: '1000000',
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitFor(port, '/healthz');
  return {
    port,
    child,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
