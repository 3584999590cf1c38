import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLearners, signIn } from './helpers';

const AHEAD_MS = 15 * 60_000;

// An admin laptop whose clock runs 15 minutes fast: a fresh 10-minute code must still read as
// about ten minutes left (counted on the server's clock), not as expired.
describe('admin app on a computer whose clock is off', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 820 } });
    // Playwright's clock starts here and then runs at normal speed.
    await context.clock.install({ time: Date.now() + AHEAD_MS });
    page = await context.newPage();
    await signIn(page, perch.url, perch.admin);
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('counts a new code down on the server’s clock', async () => {
    expect(await page.evaluate(() => Date.now())).toBeGreaterThan(Date.now() + AHEAD_MS - 60_000);
    await seedLearners(page, perch.url, [{ name: 'Noor Haddad', age: 10 }]);
    await page.reload();
    await page.getByRole('button', { name: 'Start session for Noor Haddad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a session for Noor Haddad' });
    await dialog.getByRole('button', { name: 'Start session' }).click();
    const clock = dialog.getByRole('timer');
    await clock.waitFor();
    // 9:xx or 10:00 left, never "expired" nor 15 minutes off.
    await expect.poll(() => clock.textContent()).toMatch(/^(9:[0-5]\d|10:00)$/);
    expect(await dialog.getByText('This code has expired').count()).toBe(0);
  });

  it('shows typed numbers in the ink colour, not the muted grey of hints and placeholders', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Start session for Noor Haddad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a session for Noor Haddad' });
    const colours = await dialog.evaluate((root) => {
      const colour = (el: Element | null) => (el ? getComputedStyle(el).color : null);
      return {
        value: colour(root.querySelector('input[type="number"]')),
        label: colour(root.querySelector('.field > label')),
        hint: colour(root.querySelector('.field-hint')),
      };
    });
    expect(colours.value).toBe(colours.label);
    expect(colours.value).not.toBe(colours.hint);
  });
});
