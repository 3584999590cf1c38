import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { TEST_ADMIN } from './harness';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM_PATH = process.env.PERCH_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, as root, on a machine with no network beyond loopback: nothing phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A network name that resolves to this machine but is not "localhost": a page served from it over
 * plain http is not a secure context, as for a tablet reaching Perch by a LAN address without TLS.
 */
export const INSECURE_HOST = 'perch.test';
export const MAP_INSECURE_HOST = `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`;

/**
 * Launches Debian's Chromium with CHROMIUM_ARGS plus `extraArgs` (a fake camera, MAP_INSECURE_HOST).
 * Fails loudly when it is missing: browser tests are never skipped.
 */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}. Install it: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** A port nothing listens on right now, on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface PerchProcess {
  /** `http://localhost:<port>`: a secure context, so Secure cookies work without TLS. */
  url: string;
  port: number;
  admin: typeof TEST_ADMIN;
  stop: () => Promise<void>;
  /** What the server printed, for failure messages. */
  output: () => string;
  /** Sends a signal, e.g. SIGTERM to watch a graceful shutdown. */
  kill: (signal: NodeJS.Signals) => void;
  /** The exit code, once the process has exited. */
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** Run as this user and group (a root test runner can then meet file permissions). */
  uid?: number;
  gid?: number;
}

function mainScript(): string {
  const main = path.join(apiRoot, 'dist/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run "pnpm build" first.`);
  return main;
}

/** The built server as a child process, with a fresh SQLite file and the test admin unless `env` says otherwise. */
function spawnPerch(port: number, dir: string, env: Record<string, string>, options: SpawnOptions = {}) {
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [mainScript()], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://localhost:${port}`,
      // The insecure-origin suites reach this server by a network name too.
      ALLOWED_ORIGINS: `http://${INSECURE_HOST}:${port}`,
      DATABASE_URL: `sqlite:${path.join(dir, 'perch.sqlite')}`,
      PERCH_SECRET: crypto.randomBytes(24).toString('hex'),
      PERCH_ADMIN_EMAIL: TEST_ADMIN.email,
      PERCH_ADMIN_PASSWORD: TEST_ADMIN.password,
      REDIS_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => log };
}

/**
 * Starts the built server (`apps/api/dist/main.js`, serving the built admin and kiosk apps) on a
 * free port (or `options.port`, to start an instance again where it was) with a fresh SQLite file
 * and the test admin. Run `pnpm build` first (`pnpm test` does).
 */
export async function startPerchServer(env: Record<string, string> = {}, options: { port?: number } = {}): Promise<PerchProcess> {
  const port = options.port ?? (await freePort());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-e2e-'));
  const url = `http://localhost:${port}`;
  const { child, exited, output } = spawnPerch(port, dir, env);
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Perch exited early (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`Perch did not start within 20 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    admin: TEST_ADMIN,
    output,
    kill: (signal) => child.kill(signal),
    exited,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the built server with settings meant to stop it at start-up, and returns how it exited
 * and what it printed. Fails if it is still running after `timeoutMs`.
 */
export async function runPerchUntilExit(
  env: Record<string, string>,
  options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<{ code: number | null; output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-e2e-'));
  const { child, exited, output } = spawnPerch(await freePort(), dir, env, { uid: options.uid, gid: options.gid });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  try {
    const code = await exited;
    if (child.signalCode === 'SIGKILL') throw new Error(`Perch was still running after ${options.timeoutMs ?? 20_000} ms:\n${output()}`);
    return { code, output: output() };
  } finally {
    clearTimeout(timer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first-run set-up link a start printed (started with no admin and no PERCH_ADMIN_* variables),
 * once it has printed it: `http://localhost:<port>/admin/#setup=<token>`.
 */
export async function printedSetupLink(perch: PerchProcess, timeoutMs = 15_000): Promise<string> {
  const line = new RegExp(`^ {4}(${perch.url}/admin/#setup=[\\w-]{43})$`, 'm');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = line.exec(perch.output());
    if (found) return found[1]!;
    if (Date.now() > deadline) throw new Error(`Perch printed no set-up link within ${timeoutMs} ms:\n${perch.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
