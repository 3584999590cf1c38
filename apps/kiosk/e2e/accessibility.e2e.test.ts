import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';
import { seriousAxeViolations } from './axe';

// axe-core (WCAG 2.1 A and AA) on each kiosk screen a learner meets, in real Chromium against the
// built server. Serious and critical findings fail the test; every screen is checked before it does.

let server: PerchProcess;
let browser: Browser;
let admin: AdminApi;

beforeAll(async () => {
  server = await startPerchServer();
  browser = await launchChromium();
  admin = await signInAdmin(server.url, server.admin);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

describe('kiosk accessibility', () => {
  it('has no serious or critical axe findings on the scan, error, session, lock, confirm and ended screens', async () => {
    const minted = await admin.mintSession('Ravi Shah', { idleLockMin: 1 });
    // bypassCSP: only so axe's script can be injected; the app's own pages run under the real CSP elsewhere.
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, bypassCSP: true });
    const page = await context.newPage();
    await page.clock.install();
    const findings: Record<string, string[]> = {};
    const check = async (screen: string) => {
      findings[screen] = await seriousAxeViolations(page);
    };

    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'Scan your code').waitFor();
    await check('scan');

    await page.getByLabel('Type your code').fill('zzzz-zzzz');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('alert').filter({ hasText: 'We couldn’t find that code' }).waitFor();
    await check('wrong code');

    await page.getByLabel('Type your code').fill(minted.redemptionCode);
    await page.getByRole('button', { name: 'Start' }).click();
    await heading(page, 'Hi, Ravi Shah!').waitFor();
    await check('in session');

    await page.clock.fastForward('01:05');
    await page.getByRole('button', { name: /Tap to continue/ }).waitFor();
    await check('locked');

    await page.getByRole('button', { name: /Tap to continue/ }).click();
    await page.getByRole('button', { name: 'I’m done' }).click();
    await page.getByRole('dialog', { name: 'Are you done, Ravi Shah?' }).waitFor();
    await check('confirm finish');

    await page.getByRole('button', { name: 'Yes, I’m done' }).click();
    await page.getByRole('status', { name: 'Session ended' }).waitFor();
    await check('ended');
    await context.close();

    const failing = Object.entries(findings).filter(([, lines]) => lines.length > 0);
    expect(failing, failing.map(([screen, lines]) => `${screen}:\n  ${lines.join('\n  ')}`).join('\n')).toEqual([]);
  });
});
