import { INSECURE_HOST, MAP_INSECURE_HOST, launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { SessionSummary } from '@perch/shared';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// A tablet that reaches Perch over plain http on a network name is not a secure context: the
// browser would drop the Secure session cookie. `perch.test` is mapped to this machine so the
// kiosk is served from such an address.

let server: PerchProcess;
let admin: AdminApi;
let browser: Browser;

beforeAll(async () => {
  server = await startPerchServer();
  admin = await signInAdmin(server.url, server.admin);
  browser = await launchChromium([MAP_INSECURE_HOST]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('kiosk on an insecure address', () => {
  it('explains that it needs https and leaves the code unused', async () => {
    const minted = await admin.mintSession('Noor Haddad');
    const insecureUrl = minted.redeemUrl.replace('localhost', INSECURE_HOST);
    const page = await (await browser.newContext()).newPage();
    const redeems: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/trpc/kiosk.redeem')) redeems.push(req.url());
    });

    await page.goto(insecureUrl);
    await page.getByRole('heading', { level: 1, name: 'This kiosk needs a secure connection' }).waitFor();
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Your code has not been used.');
    // Even here the code leaves the address bar at once.
    expect(page.url()).not.toContain(minted.redemptionCode);
    expect(redeems).toEqual([]);

    const pending = await admin.query<SessionSummary[]>('sessions.list', { states: ['pending'] });
    expect(pending.map((s) => s.id)).toContain(minted.sessionId);
  });
});
