import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFocus, isFocused, tabTo } from './keyboard';

// Issue 4: the admin app is keyboard-usable. Nothing here touches the mouse: page.keyboard only.
describe('admin app by keyboard alone', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let page: Page;

  const expectFocused = async (target: Locator, what: string) =>
    expect(await isFocused(target), `${what} should have focus, not ${await describeFocus(page)}`).toBe(true);
  const expectFocusInside = async (dialog: Locator, what: string) =>
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `${what}: focus is on ${await describeFocus(page)}`).toBe(true);
  /** Inside the dialog, or out in the browser's own toolbar (document.body): never on the page behind. */
  const expectFocusNotBehind = async (dialog: Locator, what: string) =>
    expect(
      await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body),
      `${what}: focus escaped to ${await describeFocus(page)}`,
    ).toBe(true);

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 820 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('signs in and adds a learner, consent included', async () => {
    await page.goto(`${perch.url}/admin/`);
    const email = page.getByLabel('Email');
    await email.waitFor();
    await expectFocused(email, 'the Email field on the sign-in page');
    await page.keyboard.type(perch.admin.email);
    await page.keyboard.press('Tab');
    await expectFocused(page.getByLabel('Password'), 'Password, one Tab after Email');
    await page.keyboard.type(perch.admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();

    await tabTo(page, page.getByRole('button', { name: 'Add learner' }));
    await page.keyboard.press('Enter');
    const form = page.getByRole('dialog', { name: 'Add a learner' });
    await form.waitFor();
    await expectFocused(form.getByLabel('Name'), 'the Name field of the new dialog');
    await page.keyboard.type('Ada Lovelace');
    await page.keyboard.press('Tab');
    await expectFocused(form.getByLabel(/^Age/), 'Age, after Name');
    await page.keyboard.type('11');
    await page.keyboard.press('Tab');
    await expectFocused(form.getByLabel(/^Notes/), 'Notes, after Age');
    await page.keyboard.type('Loves the pen plotter');
    await page.keyboard.press('Tab');
    const consent = form.getByRole('checkbox', { name: /consent/ });
    await expectFocused(consent, 'the consent checkbox, after Notes');
    await page.keyboard.press('Space');
    expect(await consent.isChecked()).toBe(true);
    await tabTo(page, form.getByRole('button', { name: 'Add learner' }), 3);
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: /Ada Lovelace/ }).waitFor();
    await expectFocused(page.getByRole('button', { name: 'Add learner' }), 'the Add learner button that opened the dialog');
  });

  it('opens Start session with focus inside, keeps Tab inside, and Esc returns focus to the opener', async () => {
    const opener = page.getByRole('button', { name: 'Start session for Ada Lovelace' });
    await tabTo(page, opener);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    await dialog.waitFor();
    await expectFocused(dialog.getByRole('button', { name: 'Start session' }), 'Start session, the dialog’s first stop');
    // A native modal <dialog> lets Tab pass through the browser's toolbar (body, here) and back in,
    // as Chrome intends; the page behind is inert and must never get focus. Both directions, twice round.
    for (const key of ['Tab', 'Shift+Tab']) {
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press(key);
        await expectFocusNotBehind(dialog, `${key} ×${i + 1} in the open dialog`);
      }
      await tabTo(page, dialog.getByRole('button', { name: 'Close' }), 8);
    }

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(opener, 'the Start session button that opened the dialog');
  });

  it('keeps focus in the dialog as the form gives way to the code and the code to "is in"; Esc returns it', async () => {
    const opener = page.getByRole('button', { name: 'Start session for Ada Lovelace' });
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    await expectFocused(dialog.getByRole('button', { name: 'Start session' }), 'Start session, on opening again');
    await page.keyboard.press('Enter');
    await dialog.getByText(/Code expires in \d+:\d\d/).waitFor();
    const link = dialog.getByLabel('Link for the tablet');
    await expectFocused(link, 'the tablet link, once the code is shown');

    // A tablet redeems the code: the panel gives way to "is in", and focus goes to its Done button.
    const kiosk = await browser.newContext();
    try {
      await (await kiosk.newPage()).goto(await link.inputValue());
      await dialog.getByText('Ada Lovelace is in').waitFor({ timeout: 15_000 });
      await expectFocused(dialog.getByRole('button', { name: 'Done' }), 'Done, once the tablet is in');
    } finally {
      await kiosk.close();
    }

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expectFocused(opener, 'the Start session button, after the code dialog closes');
  });

  it('moves focus to the new page’s heading after navigating, also when the page is still loading', async () => {
    // Each page is its own chunk: hold the audit page's until the link has been followed.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/assets\/AuditPage-[^/]+\.js$/, async (route) => {
      await released;
      await route.continue();
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();
    await tabTo(page, page.getByRole('link', { name: 'Audit log' }));
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Opening the page…' }).waitFor();
    release();
    const heading = page.getByRole('heading', { name: 'Audit log', level: 1 });
    await heading.waitFor();
    await expect.poll(() => isFocused(heading), { timeout: 5_000 }).toBe(true);
    await page.unroute(/\/assets\/AuditPage-[^/]+\.js$/);

    // Between pages already loaded, the same.
    await tabTo(page, page.getByRole('link', { name: 'Learners' }));
    await page.keyboard.press('Enter');
    await expectFocused(page.getByRole('heading', { name: 'Learners', level: 1 }), 'the Learners heading after following its link');
  });
});
