import { launchChromium, startDeployment, type Deployment } from '@perch/api/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, signIn } from './helpers';

// The pages that follow an event stream (Live sessions, Tablets, Agents' approval requests), each
// in its own tab of one Chromium behind nginx configured as docs/DEPLOY.md says, while both Perch
// instances behind it restart at once (as the kiosk's rolling-restart e2e does for tablets). One
// restart serves all three, to keep the run short.

/** Each page, by its link in the top bar, and the event stream it follows. */
const PAGES = [
  { link: 'Live sessions', stream: 'sessions.events' },
  { link: 'Tablets', stream: 'tablets.events' },
  { link: 'Agents', stream: 'agents.requests.events' },
] as const;

let deployment: Deployment;
let browser: Browser;
let context: BrowserContext;
const tabs: { page: Page; stream: string; statuses: number[] }[] = [];

beforeAll(async () => {
  deployment = await startDeployment('nginx');
  // Chromium does not know the test's self-signed certificate; the page is still a secure context.
  browser = await launchChromium(['--ignore-certificate-errors']);
  context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ignoreHTTPSErrors: true });
  for (const [i, { link, stream }] of PAGES.entries()) {
    const page = await context.newPage();
    if (i === 0) await signIn(page, deployment.proxy.url, deployment.instances[0]!.admin);
    else await page.goto(`${deployment.proxy.url}/admin/`);
    const statuses: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes(`/trpc/${stream}`)) statuses.push(res.status());
    });
    await page.getByRole('link', { name: link, exact: true }).click();
    tabs.push({ page, stream, statuses });
  }
});

afterAll(async () => {
  await browser?.close();
  await deployment?.close();
});

describe('pages that follow an event stream, behind nginx during a restart', () => {
  it('say they are reconnecting, open their event streams again once Perch is back, and follow new sessions', async () => {
    const indicator = (page: Page) => page.locator('.live-indicator');
    for (const { page } of tabs) await expect.poll(() => indicator(page).textContent(), { timeout: 15_000 }).toBe('Updating live');

    // Both at once: each stream's reconnect meets nginx's 502, which makes the browser give it up for good.
    const before = tabs.map((tab) => tab.statuses.length);
    await Promise.all([deployment.stop(0), deployment.stop(1)]);
    for (const [i, { page, stream, statuses }] of tabs.entries()) {
      await expect.poll(() => statuses.slice(before[i]).some((s) => s >= 500), { timeout: 20_000, message: `${stream} refused` }).toBe(true);
      await expect
        .poll(() => indicator(page).textContent(), { timeout: 15_000, message: `${stream} reconnecting` })
        .toBe('Reconnecting… refreshing every few seconds meanwhile');
    }

    await deployment.start(0);
    await deployment.start(1);
    for (const [i, { page, stream, statuses }] of tabs.entries()) {
      await expect.poll(() => statuses.slice(before[i]).includes(200), { timeout: 60_000, message: `${stream} reopened` }).toBe(true);
      await expect.poll(() => indicator(page).textContent(), { timeout: 15_000, message: `${stream} live` }).toBe('Updating live');
    }

    // Live again: a session started now shows up.
    const live = tabs[0]!.page;
    const learner = await mutate<{ id: string }>(live, deployment.proxy.url, 'learners.create', { name: 'Tomás Rivera', consent: true });
    await mutate(live, deployment.proxy.url, 'sessions.start', { learnerId: learner.id });
    await live.getByRole('cell', { name: 'Tomás Rivera' }).first().waitFor({ timeout: 15_000 });
  }, 180_000);
});
