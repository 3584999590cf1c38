import { launchChromium, startDeployment, type Deployment } from '@perch/api/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// The kiosk PWA in Chromium behind nginx configured as docs/DEPLOY.md says, while the two Perch
// instances behind it restart one at a time and then both at once.

/** Above nginx's fail_timeout in docs/DEPLOY.md: a restarted instance is back in rotation. */
const BACK_IN_ROTATION_MS = 6_000;
/** Screens that would mean the learner saw a problem. */
const PROBLEM_TITLES = ['We can’t reach Perch right now', 'Perch needs a moment', 'Something went wrong', 'This tablet is offline'];

let deployment: Deployment;
let browser: Browser;
let admin: AdminApi;

beforeAll(async () => {
  deployment = await startDeployment('nginx');
  // Chromium does not know the test's self-signed certificate; the page is still a secure context.
  browser = await launchChromium(['--ignore-certificate-errors']);
  // The admin API of either instance: they share one database.
  admin = await signInAdmin(deployment.instances[0]!.url, deployment.instances[0]!.admin);
});

afterAll(async () => {
  await browser?.close();
  await deployment?.close();
});

/** Records every screen heading the page ever shows, so a problem shown for a moment is not missed. */
async function recordHeadings(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __headings: string[] }).__headings = seen;
    new MutationObserver(() => {
      for (const h of document.querySelectorAll('h1')) if (h.textContent && !seen.includes(h.textContent)) seen.push(h.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __headings: string[] }).__headings);
}

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

describe('kiosk behind nginx during restarts', () => {
  it('keeps its session and reopens its live stream, never showing a problem', async () => {
    const minted = await admin.mintSession('Ada Okafor');
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const headings = await recordHeadings(page);
    const streams: number[] = [];
    page.on('response', (res) => {
      if (res.url().includes('/trpc/kiosk.events')) streams.push(res.status());
    });

    await page.goto(`${deployment.proxy.url}/kiosk/#code=${minted.redemptionCode}`);
    await heading(page, 'Hi, Ada Okafor!').waitFor();
    await expect.poll(() => streams.length, { timeout: 15_000 }).toBeGreaterThan(0);

    // One at a time: whichever instance held the stream ends it with "restarting"; the browser
    // reconnects through nginx to the other one.
    for (const i of [0, 1] as const) {
      await deployment.stop(i);
      await deployment.start(i);
      await page.waitForTimeout(BACK_IN_ROTATION_MS);
    }
    await expect.poll(() => streams.filter((s) => s === 200).length, { timeout: 20_000 }).toBeGreaterThan(1);

    // Both at once: a reconnect meets nginx's 502, which makes the browser give the stream up
    // for good; the kiosk opens it again once Perch is back.
    const before = streams.length;
    await Promise.all([deployment.stop(0), deployment.stop(1)]);
    await expect.poll(() => streams.slice(before).some((s) => s >= 500), { timeout: 20_000 }).toBe(true);
    await deployment.start(0);
    await deployment.start(1);
    await expect.poll(() => streams.slice(before).includes(200), { timeout: 30_000 }).toBe(true);

    // Still the same session, live: an admin's end reaches it.
    expect(await heading(page, 'Hi, Ada Okafor!').isVisible()).toBe(true);
    await admin.mutation('sessions.end', { sessionId: minted.sessionId });
    await heading(page, 'Scan your code').waitFor({ timeout: 15_000 });
    const seen = await headings();
    expect(seen.filter((h) => PROBLEM_TITLES.includes(h))).toEqual([]);
    await context.close();
  }, 180_000);
});
