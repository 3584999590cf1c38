import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { RateLimiter } from '../platform/rate-limiter';
import { RedisRateLimiter } from '../platform/redis-rate-limiter';
import { freePort } from './e2e';

/**
 * A throwaway redis-server of this test's own, on a free loopback port, that the test may stop,
 * freeze and start again (never the shared one other suites use). No persistence: a restart
 * begins empty, as a Redis that lost its data would.
 */
export interface OwnRedis {
  url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and waits until it answers. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open but nothing answers, as with a hung server. */
  freeze(): void;
  thaw(): void;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitUntilListening(port);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGCONT'); // a frozen server cannot act on SIGTERM
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
}

/** Polls the port until redis-server accepts connections (it starts in milliseconds). */
async function waitUntilListening(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

/**
 * Makes harmless calls until `limiter` counts in Redis again (ioredis reconnects within a couple
 * of seconds of Redis coming back); fails the test if it never does.
 */
export async function untilShared(limiter: RateLimiter): Promise<void> {
  if (!(limiter instanceof RedisRateLimiter)) throw new Error('untilShared needs the Redis limiter');
  for (let i = 0; i < 150 && limiter.isDegraded; i++) {
    await new Promise((r) => setTimeout(r, 100));
    await limiter.consume('probe', { max: 1_000, windowMs: 60_000 });
  }
  if (limiter.isDegraded) throw new Error('the limiter never went back to Redis');
}
