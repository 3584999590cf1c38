import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runPerchUntilExit } from '../test/e2e';
import { TEST_PG_URL } from '../test/harness';

/**
 * Start-up with a database Perch cannot use: the built server as a child process, its exit code
 * and what it printed. Each message names the file or setting and says what to do; none is raw
 * driver text alone, and none starts "healthy".
 */
describe('start-up errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-startup-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sqliteAt = (file: string) => ({ DATABASE_URL: `sqlite:${file}` });

  it('a data directory Perch may not write to', async () => {
    const readOnly = path.join(dir, 'read-only');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.chmodSync(readOnly, 0o555);
    // Root ignores file modes, so a root test runner starts Perch as "nobody".
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const file = path.join(readOnly, 'perch.sqlite');
    const { code, output } = await runPerchUntilExit(sqliteAt(file), asNobody);
    expect(code).toBe(1);
    expect(output).toContain(`Perch cannot write its database ${file} (DATABASE_URL)`);
    expect(output).toContain(`make ${readOnly} writable by the user running Perch`);
  });

  it('a file that is not a database', async () => {
    const file = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(file, 'Shopping list: milk, eggs, bread.\n'.repeat(200));
    const { code, output } = await runPerchUntilExit(sqliteAt(file));
    expect(code).toBe(1);
    expect(output).toContain(`${file} (DATABASE_URL) is not an SQLite database. Point DATABASE_URL at Perch's database file`);
  });

  it('a damaged database (PRAGMA quick_check at start-up)', async () => {
    const file = path.join(dir, 'damaged.sqlite');
    const db = new SQLite(file);
    db.exec('create table filler (id integer primary key, body text)');
    const insert = db.prepare('insert into filler (body) values (?)');
    db.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run('x'.repeat(200));
    })();
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // One data page overwritten, as a failing disk or a bad copy would leave it; the header is intact.
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, pageSize * 3);
    fs.closeSync(fd);
    const { code, output } = await runPerchUntilExit(sqliteAt(file));
    expect(code).toBe(1);
    expect(output).toContain(`The database file ${file} (DATABASE_URL) is damaged (`);
    expect(output).toContain('restore the file from a backup');
  });

  it('a failed migration names the migration', async () => {
    const file = path.join(dir, 'foreign.sqlite');
    const db = new SQLite(file);
    db.exec('create table learners (nickname text)'); // someone else's table where Perch's first migration puts its own
    db.close();
    const { code, output } = await runPerchUntilExit(sqliteAt(file));
    expect(code).toBe(1);
    expect(output).toMatch(/Database migration 0001_initial failed: table "?learners"? already exists\. Nothing of it was applied/);
  });

  const pgUrl = (port: number, database = 'test') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  it('PostgreSQL not running (connection refused)', async () => {
    const port = await freePort();
    const { code, output } = await runPerchUntilExit({ DATABASE_URL: pgUrl(port) });
    expect(code).toBe(1);
    expect(output).toContain(`PostgreSQL at 127.0.0.1:${port} refused the connection (DATABASE_URL). Is it running`);
  });

  it('PostgreSQL that accepts connections but never answers: bounded by DATABASE_CONNECT_TIMEOUT_MS', async () => {
    const silent = net.createServer(() => {
      /* accept, then say nothing */
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const { code, output } = await runPerchUntilExit({ DATABASE_URL: pgUrl(port), DATABASE_CONNECT_TIMEOUT_MS: '1000' });
      expect(code).toBe(1);
      expect(output).toContain(`PostgreSQL at 127.0.0.1:${port} (DATABASE_URL) did not answer within 1000 ms (DATABASE_CONNECT_TIMEOUT_MS)`);
    } finally {
      silent.close();
    }
  });

  it('a PostgreSQL database that does not exist', async () => {
    const name = `perch_missing_${crypto.randomBytes(4).toString('hex')}`;
    const url = new URL(TEST_PG_URL);
    url.pathname = `/${name}`;
    const { code, output } = await runPerchUntilExit({ DATABASE_URL: url.toString() });
    expect(code).toBe(1);
    expect(output).toContain(`The database "${name}" does not exist on PostgreSQL at ${url.hostname}:${url.port} (DATABASE_URL). Create it`);
  });
});
