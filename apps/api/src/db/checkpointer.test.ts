import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkpointInBackground } from './checkpointer';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A WAL database as openDatabase makes it, with a table to fill. */
function walDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'db.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('create table t (id integer primary key, body text)');
  return { file, sqlite };
}

/** ~6 MB in 300 commits: some 1,500 pages of log, past SQLite's own checkpoint line (1,000). */
function fill(sqlite: SQLite.Database) {
  const insert = sqlite.prepare('insert into t (body) values (?)');
  const body = 'x'.repeat(2000);
  for (let i = 0; i < 300; i++) sqlite.transaction(() => { for (let j = 0; j < 10; j++) insert.run(body); })();
}

const until = async (ok: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('SQLite checkpoints run in a worker thread, never on the event loop', () => {
  it('the serving connection never checkpoints; the worker folds the log back into the file', async () => {
    const { file, sqlite } = walDatabase();
    const checkpoints = checkpointInBackground(sqlite, file);
    try {
      expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = fs.statSync(file).size;
      fill(sqlite);
      // The rows reach the database file itself, copied there by the worker.
      await until(() => fs.statSync(file).size > before + 5_000_000);
      const probe = new SQLite(file);
      const [state] = probe.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      probe.close();
      expect(state!.log).toBe(state!.checkpointed);
    } finally {
      await checkpoints.stop();
      sqlite.close();
    }
  });

  it('should the worker die, the serving connection checkpoints on its own again', async () => {
    const { file, sqlite } = walDatabase();
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const checkpoints = checkpointInBackground(sqlite, file);
    try {
      await checkpoints.worker.terminate();
      await until(() => sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1000);
      expect(log.mock.calls.flat().join(' ')).toContain('checkpoint worker stopped');
    } finally {
      log.mockRestore();
      await checkpoints.stop();
      sqlite.close();
    }
  });

  it('on stop the worker leaves first, so the last connection to close removes the log', async () => {
    const { file, sqlite } = walDatabase();
    const checkpoints = checkpointInBackground(sqlite, file);
    fill(sqlite);
    await checkpoints.stop();
    sqlite.close();
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });
});
