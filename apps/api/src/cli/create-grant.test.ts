import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-cli-grant-'));
const databaseFile = path.join(dir, 'perch.sqlite');
const env = { ...process.env, DATABASE_URL: `sqlite:${databaseFile}`, PERCH_SECRET: '', PERCH_ADMIN_EMAIL: '', PUBLIC_URL: 'https://perch.example.org' };

/** Runs a CLI the way the root scripts do (tsx on the source), from a directory without a .env. */
function run(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  return spawnSync(path.join(apiRoot, 'node_modules/.bin/tsx'), [path.join(apiRoot, 'src/cli', script), ...args], {
    env: { ...env, ...extraEnv },
    cwd: dir,
    input: '',
    encoding: 'utf8',
    timeout: 60_000,
  });
}

// Each test starts the CLI two or three times (tsx compiles it each time, create-admin hashes with
// argon2): on a busy machine that takes far longer than a unit test's default 20 s.
describe('pnpm create-grant', { timeout: 120_000 }, () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says to create an admin first when there is none', () => {
    const out = run('create-grant.ts', ['--label', 'Claude']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('Create an admin first: pnpm create-admin.');
  });

  it('prints the secret once with a client configuration; only its hash is stored', () => {
    expect(run('create-admin.ts', ['head@example.org'], { PERCH_ADMIN_PASSWORD: 'a long enough password' }).status).toBe(0);
    const out = run('create-grant.ts', ['--label', 'Claude in room 4', '--days', '30']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const secret = out.stdout.match(/perch_agent_[A-Za-z0-9_-]{43}/)?.[0];
    expect(secret).toBeDefined();
    expect(out.stdout).toContain('Created the agent grant “Claude in room 4”, acting as head@example.org');
    const config = JSON.parse(out.stdout.slice(out.stdout.indexOf('{')));
    expect(config).toEqual({
      mcpServers: { perch: { type: 'http', url: 'https://perch.example.org/mcp', headers: { Authorization: `Bearer ${secret}` } } },
    });
    const db = new SQLite(databaseFile, { readonly: true });
    const rows = db.prepare('select label, secret_hash, expires_at - created_at as ttl from agent_grants').all() as {
      label: string;
      secret_hash: string;
      ttl: number;
    }[];
    db.close();
    expect(rows).toEqual([{ label: 'Claude in room 4', secret_hash: crypto.createHash('sha256').update(secret!).digest('hex'), ttl: 30 * 86_400_000 }]);
  });

  it('refuses a missing label or a bad expiry, saying how to call it', () => {
    const missing = run('create-grant.ts', []);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Usage: pnpm create-grant --label NAME');
    const bad = run('create-grant.ts', ['--label', 'x', '--days', '0']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('A grant lasts between 1 and 365 days.');
  });

  it('asks which admin when there are several', () => {
    expect(run('create-admin.ts', ['second@example.org'], { PERCH_ADMIN_PASSWORD: 'another long password' }).status).toBe(0);
    const ambiguous = run('create-grant.ts', ['--label', 'Helper']);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toContain('say which one the agent acts as with --admin EMAIL');
    const chosen = run('create-grant.ts', ['--label', 'Helper', '--admin', 'Second@Example.org']);
    expect(chosen.status).toBe(0);
    expect(chosen.stdout).toContain('acting as second@example.org');
  });
});
