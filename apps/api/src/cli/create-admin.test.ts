import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-cli-'));
const databaseFile = path.join(dir, 'perch.sqlite');

/** Runs `pnpm create-admin` the way the root script does, with no terminal attached. */
function createAdmin(email: string, password: string) {
  return spawnSync(path.join(apiRoot, 'node_modules/.bin/tsx'), [path.join(apiRoot, 'src/cli/create-admin.ts'), email], {
    env: { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, PERCH_ADMIN_PASSWORD: password, PERCH_SECRET: '', PERCH_ADMIN_EMAIL: '' },
    input: '',
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('pnpm create-admin', () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates an admin whose password is stored only as an argon2id hash', () => {
    const run = createAdmin('Head.Teacher@Example.org', 'a long enough password');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Created admin head.teacher@example.org.');
    expect(run.status).toBe(0);
    const db = new SQLite(databaseFile, { readonly: true });
    const rows = db.prepare('select email, password_hash from admins').all() as { email: string; password_hash: string }[];
    db.close();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.email).toBe('head.teacher@example.org');
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses an email that already has an account, saying so', () => {
    const run = createAdmin('head.teacher@example.org', 'another long password');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('An admin with the email head.teacher@example.org already exists.');
  });

  it('says what is missing when there is no password and no terminal to type it', () => {
    const run = createAdmin('third@example.org', '');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No password given. Run this in a terminal, or set PERCH_ADMIN_PASSWORD.');
  });

  it('refuses a short password, saying how long it must be', () => {
    const run = createAdmin('second@example.org', 'short');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs between 10 and 256 characters/);
  });
});
