import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the worker copies the log back: a busy instance writes a few MB of log a second. */
const CHECKPOINT_EVERY_MS = 100;

/**
 * The worker: its own connection to the same file, checkpointing (PASSIVE: never waiting on, nor
 * blocking, Perch's reads and writes) on a timer. Plain CommonJS evaluated as a string, so it runs
 * the same from the TypeScript sources (tests) and from the bundle; better-sqlite3 is required by
 * the absolute path the main thread resolved.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage(String(err && err.message || err));
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * SQLite in WAL mode copies the log back into the database file (a checkpoint, with an fsync) once
 * the log passes 1,000 pages, inside whichever COMMIT crosses that line. Perch serves from one
 * connection on one event loop, so that was every ~125 redeems: every request in flight waited for
 * the copy and the disk (a quarter of the redeems a second). Now the serving connection never
 * checkpoints itself; a worker thread with its own connection does, while the log grows. Should the
 * worker fail, the serving connection goes back to checkpointing itself, so the log never grows
 * without bound. `stop` ends the worker first, so the serving connection, closing last, folds the
 * log back in and removes it as SQLite always does.
 */
export function checkpointInBackground(sqlite: SQLite.Database, file: string): { stop: () => Promise<void>; worker: Worker } {
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, sqlite: createRequire(import.meta.url).resolve('better-sqlite3'), everyMs: CHECKPOINT_EVERY_MS },
  });
  // A CLI (create-admin) ends when its work does, worker or not.
  worker.unref();
  let stopping = false;
  const fallBack = (why: string) => {
    if (stopping || !sqlite.open) return;
    console.error(`[perch] the SQLite checkpoint worker stopped (${why}); the database checkpoints on its own connection again.`);
    sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: string) => console.error(`[perch] SQLite checkpoint: ${message}`));
  // A worker that throws exits after: the fallback waits for the exit, with the error as its reason
  // when it has one (a SQLite error arrives from the worker without its message).
  let failure: string | null = null;
  worker.on('error', (err: Error | undefined) => (failure = err?.message || null));
  let running = true;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      running = false;
      fallBack(failure ?? `exit code ${code}`);
      resolve();
    }),
  );
  return {
    worker,
    async stop() {
      stopping = true;
      // Held until it has gone: an unreferenced worker would let the process end mid-await.
      worker.ref();
      if (running) worker.postMessage('stop');
      await exited;
    },
  };
}
