import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { redeemUrl } from './sessions/mint';

const devEnvFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dev.env');
const CODE = 'ABCDEFGH';

describe('where redeem links point', () => {
  it('opens the kiosk at PUBLIC_URL/kiosk/ by default', () => {
    expect(redeemUrl(loadConfig({}), CODE)).toBe('http://localhost:3000/kiosk/#code=ABCD-EFGH');
    expect(redeemUrl(loadConfig({ PORT: '4100' }), CODE)).toBe('http://localhost:4100/kiosk/#code=ABCD-EFGH');
    expect(redeemUrl(loadConfig({ PUBLIC_URL: 'https://perch.example.org/' }), CODE)).toBe(
      'https://perch.example.org/kiosk/#code=ABCD-EFGH',
    );
  });

  it('opens KIOSK_URL when set, with or without its trailing slash', () => {
    const env = { ALLOWED_ORIGINS: 'https://kiosk.example.org' };
    for (const KIOSK_URL of ['https://kiosk.example.org/kiosk', 'https://kiosk.example.org/kiosk/']) {
      expect(redeemUrl(loadConfig({ ...env, KIOSK_URL }), CODE)).toBe('https://kiosk.example.org/kiosk/#code=ABCD-EFGH');
    }
  });

  it('in `pnpm dev` (apps/api/dev.env) opens the dev kiosk, whatever PORT the API is on', () => {
    const devEnv = parseEnv(fs.readFileSync(devEnvFile, 'utf8'));
    const config = loadConfig({ ...devEnv, PORT: '4100' });
    expect(config.publicUrl).toBe('http://localhost:4100');
    expect(redeemUrl(config, CODE)).toBe('http://localhost:5174/kiosk/#code=ABCD-EFGH');
  });

  it('refuses a KIOSK_URL whose origin Perch does not answer to, saying what to add', () => {
    expect(() => loadConfig({ KIOSK_URL: 'https://kiosk.example.org/kiosk/' })).toThrow(
      "KIOSK_URL: https://kiosk.example.org is neither PUBLIC_URL's origin nor in ALLOWED_ORIGINS, so a kiosk there could not reach Perch. Add it to ALLOWED_ORIGINS.",
    );
  });

  it('refuses a KIOSK_URL that is not a plain http(s) address', () => {
    expect(() => loadConfig({ KIOSK_URL: 'kiosk.local' })).toThrow('KIOSK_URL must be a full http(s) URL');
    expect(() => loadConfig({ KIOSK_URL: 'ftp://localhost/kiosk/' })).toThrow('KIOSK_URL must be a full http(s) URL');
    expect(() => loadConfig({ KIOSK_URL: 'http://localhost:3000/kiosk/#x' })).toThrow('KIOSK_URL must not carry a query or fragment.');
  });
});
