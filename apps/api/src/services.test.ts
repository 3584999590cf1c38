import crypto from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { configWarnings, loadConfig } from './config';
import { openDatabase } from './db/connect';
import { createServices } from './services';
import { TEST_PG_URL } from './test/harness';

describe('start-up with PostgreSQL', () => {
  it('refuses to start without PERCH_SECRET, and touches nothing in the database first', async () => {
    const schema = `perch_t_${crypto.randomBytes(6).toString('hex')}`;
    const config = loadConfig({ DATABASE_URL: TEST_PG_URL, PERCH_SECRET: '' });
    await expect(createServices(config, { schema })).rejects.toThrow(
      'Set PERCH_SECRET or PERCH_SECRET_FILE (at least 32 random characters, the same on every instance) when using PostgreSQL.',
    );
    const probe = openDatabase(TEST_PG_URL);
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.schemata where schema_name = ${schema}`.execute(
        probe.db,
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await probe.destroy();
    }
  });

  it('explains a setting it cannot use instead of starting with it', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'tablets.local', PERCH_SECRET: 'short' })).toThrow(
      /PUBLIC_URL must be a full URL[\s\S]*PERCH_SECRET must be at least 32 characters/,
    );
  });
});

describe('configuration warnings', () => {
  it('warns that plain http on a network address cannot hold Secure cookies', () => {
    const [warning] = configWarnings(loadConfig({ PUBLIC_URL: 'http://192.168.1.20:3000' }));
    expect(warning).toMatch(/^PUBLIC_URL is http:\/\/192\.168\.1\.20:3000: browsers refuse Perch's Secure session cookies/);
  });

  it('stays quiet for https and for this machine over http', () => {
    for (const PUBLIC_URL of ['https://perch.school.example', 'http://localhost:3000', 'http://127.0.0.1:3000', 'http://perch.localhost']) {
      expect(configWarnings(loadConfig({ PUBLIC_URL }))).toEqual([]);
    }
  });
});
