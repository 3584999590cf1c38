import { INSECURE_HOST, MAP_INSECURE_HOST, launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Perch reached over plain http on a network name (`perch.test`, mapped to this machine) is not a
// secure context: the browser would drop the Secure sign-in cookie.

let server: PerchProcess;
let browser: Browser;

beforeAll(async () => {
  server = await startPerchServer();
  browser = await launchChromium([MAP_INSECURE_HOST]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('admin on an insecure address', () => {
  it('explains that it needs https instead of offering a sign-in that cannot stick', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url.replace('localhost', INSECURE_HOST)}/admin/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This page needs a secure connection.');
    expect(await page.getByLabel('Password').count()).toBe(0);
  });

  it('still offers the sign-in form on a secure origin (localhost)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByLabel('Password').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
