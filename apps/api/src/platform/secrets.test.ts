import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERCH_SECRET_MIN } from '@perch/shared';
import { loadConfig } from '../config';
import { createServices } from '../services';
import { createAdmin } from '../auth/admins';
import { DIALECTS, TEST_ADMIN, createTestServices } from '../test/harness';
import { deviceHash } from '../kiosk/device';
import { hashToken } from './secrets';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Starts Perch on an SQLite file under `dir` with `env`, as `pnpm start` would. */
async function startIn(dir: string, env: Record<string, string> = {}) {
  return createServices(loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${path.join(dir, 'data', 'perch.sqlite')}`, ...env }));
}

describe('data at rest (SQLite)', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-at-rest-'));
    // The loosest umask: whatever Perch creates must still end up owner-only.
    umask = process.umask(0);
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  // 0o000 adds nothing to the modes asked for; 0o277 takes the owner's write bit away too.
  for (const loose of [0o000, 0o277]) {
    it(`creates data/ 0700 and the database, its WAL and the secret 0600 (umask ${loose.toString(8).padStart(3, '0')})`, async () => {
      process.umask(loose);
      const deploy = path.join(root, 'deploy');
      const services = await startIn(deploy);
      try {
        await createAdmin(services, TEST_ADMIN); // a write, so the WAL is in use
        const data = path.join(deploy, 'data');
        expect({ deploy: mode(deploy), data: mode(data) }).toEqual({ deploy: 0o700, data: 0o700 });
        for (const file of ['perch.sqlite', 'perch.sqlite-wal', 'perch.sqlite-shm', 'perch.secret']) {
          expect(mode(path.join(data, file)), file).toBe(0o600);
        }
      } finally {
        await services.close();
      }
    });
  }

  it('tightens a database and secret that an older start left readable by others', async () => {
    const data = path.join(root, 'data');
    fs.mkdirSync(data);
    fs.writeFileSync(path.join(data, 'perch.secret'), 's'.repeat(PERCH_SECRET_MIN), { mode: 0o644 });
    fs.writeFileSync(path.join(data, 'perch.sqlite'), '', { mode: 0o644 });
    const services = await startIn(root);
    try {
      expect(services.secret).toBe('s'.repeat(PERCH_SECRET_MIN));
      expect(mode(path.join(data, 'perch.secret'))).toBe(0o600);
      expect(mode(path.join(data, 'perch.sqlite'))).toBe(0o600);
      // A folder Perch did not create is the owner's to set.
      expect(mode(data)).toBe(0o777);
    } finally {
      await services.close();
    }
  });

  it('refuses to start on an empty or short perch.secret, naming the file', async () => {
    const file = path.join(root, 'data', 'perch.secret');
    fs.mkdirSync(path.dirname(file));
    for (const [content, says] of [
      ['', 'holds no secret'],
      ['\n', 'holds no secret'],
      ['short-secret\n', 'holds a secret of only 12 characters'],
    ]) {
      fs.writeFileSync(file, content!);
      await expect(startIn(root)).rejects.toThrow(`${file} ${says}: it must be at least ${PERCH_SECRET_MIN} random characters, as PERCH_SECRET must.`);
    }
  });

  it('reads PERCH_SECRET_FILE, and then keeps no secret beside the database', async () => {
    const file = path.join(root, 'mounted-secret');
    fs.writeFileSync(file, `${'k'.repeat(40)}\n`); // mounted secrets often end with a newline
    const services = await startIn(root, { PERCH_SECRET_FILE: file });
    try {
      expect(services.secret).toBe('k'.repeat(40));
      expect(fs.existsSync(path.join(root, 'data', 'perch.secret'))).toBe(false);
    } finally {
      await services.close();
    }
  });

  it('refuses a missing or short PERCH_SECRET_FILE, naming it, and both ways of setting the secret at once', async () => {
    const file = path.join(root, 'mounted-secret');
    await expect(startIn(root, { PERCH_SECRET_FILE: file })).rejects.toThrow(`Perch cannot read its secret from ${file}: it does not exist.`);
    fs.writeFileSync(file, 'too short');
    await expect(startIn(root, { PERCH_SECRET_FILE: file })).rejects.toThrow(`${file} holds a secret of only 9 characters`);
    expect(() => loadConfig({ PERCH_SECRET: 'p'.repeat(40), PERCH_SECRET_FILE: file })).toThrow(
      'PERCH_SECRET_FILE: Set PERCH_SECRET or PERCH_SECRET_FILE, not both.',
    );
  });
});

for (const dialect of DIALECTS) {
  it(`keys code hashes with the secret from PERCH_SECRET_FILE (${dialect})`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-secret-file-'));
    const file = path.join(dir, 'perch-secret');
    fs.writeFileSync(file, 'f'.repeat(48));
    // PERCH_SECRET is left unset: on PostgreSQL the file alone satisfies the requirement.
    const services = await createTestServices(dialect, { PERCH_SECRET: '', PERCH_SECRET_FILE: file });
    try {
      expect(services.secret).toBe('f'.repeat(48));
    } finally {
      await services.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

describe('stored hashes stay what they were', () => {
  // Every kiosk cookie, admin session and device binding in a database is stored as one of these:
  // a change of how they are computed would sign every tablet and admin out. Known SHA-256 values
  // (`printf 'abc' | sha256sum`).
  it('a token is its SHA-256 in hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('a device is the SHA-256 of its User-Agent and Accept-Language, a newline between', () => {
    expect(deviceHash({ userAgent: 'perch-bench', acceptLanguage: 'en' })).toBe('ec894181e69e12f58a5b7390a71bd58dc064fd900fddc0a8267420028f2f048a');
  });
});
