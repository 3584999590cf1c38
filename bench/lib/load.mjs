import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.mjs');

/** Keep-alive connections per target: as many requests in flight as a busy school's tablets would send. */
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
/** Seconds per measured target (after a warm-up). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

/**
 * Runs one autocannon load in a separate process and resolves with its result. Only 2xx answers
 * count towards requests/s; anything else is reported beside it.
 */
export function runLoad(spec) {
  return new Promise((resolve, reject) => {
    const child = fork(worker, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
    child.send({ connections: CONNECTIONS, duration: SECONDS, ...spec });
  });
}
