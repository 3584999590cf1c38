import { launchChromium, startDeployment, type Deployment } from '@perch/api/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, signIn } from './helpers';

// The Live sessions page in Chromium behind nginx configured as docs/DEPLOY.md says, while both
// Perch instances behind it restart at once (as the kiosk's rolling-restart e2e does for tablets).

let deployment: Deployment;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  deployment = await startDeployment('nginx');
  // Chromium does not know the test's self-signed certificate; the page is still a secure context.
  browser = await launchChromium(['--ignore-certificate-errors']);
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ignoreHTTPSErrors: true });
  page = await context.newPage();
  await signIn(page, deployment.proxy.url, deployment.instances[0]!.admin);
});

afterAll(async () => {
  await browser?.close();
  await deployment?.close();
});

describe('Live sessions page behind nginx during a restart', () => {
  it('says it is reconnecting, opens its event stream again once Perch is back, and follows new sessions', async () => {
    const streams: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/trpc/sessions.events')) streams.push(res.status());
    });
    await page.getByRole('link', { name: 'Live sessions' }).click();
    const indicator = page.locator('.live-indicator');
    await expect.poll(() => indicator.textContent(), { timeout: 15_000 }).toBe('Updating live');

    // Both at once: the stream's reconnect meets nginx's 502, which makes the browser give it up for good.
    const before = streams.length;
    await Promise.all([deployment.stop(0), deployment.stop(1)]);
    await expect.poll(() => streams.slice(before).some((s) => s >= 500), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => indicator.textContent(), { timeout: 15_000 }).toBe('Reconnecting… refreshing every few seconds meanwhile');

    await deployment.start(0);
    await deployment.start(1);
    await expect.poll(() => streams.slice(before).includes(200), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => indicator.textContent(), { timeout: 15_000 }).toBe('Updating live');

    // Live again: a session started now shows up.
    const learner = await mutate<{ id: string }>(page, deployment.proxy.url, 'learners.create', { name: 'Tomás Rivera', consent: true });
    await mutate(page, deployment.proxy.url, 'sessions.start', { learnerId: learner.id });
    await page.getByRole('cell', { name: 'Tomás Rivera' }).first().waitFor({ timeout: 15_000 });
  }, 180_000);
});
