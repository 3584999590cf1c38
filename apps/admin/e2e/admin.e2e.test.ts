import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { MintedSession, StartBulkOutput } from '@perch/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeQr, screenshot, seedLearners, signIn, waitForProcedure } from './helpers';

// The built admin app, served by the built API, driven in Debian's Chromium (`pnpm build` first).
describe('admin app in Chromium', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    admin = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    page = await admin.newPage();
    await signIn(page, perch.url, perch.admin);
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('adds a learner, shows a session QR that decodes to the redeem link, and a kiosk opening it reaches the session', async () => {
    await seedLearners(page, perch.url, [
      { name: 'Maya Chen', age: 12, notes: 'Prefers the left-handed stylus' },
      { name: 'Theo Okafor', age: 9 },
      { name: 'Sam Rivera', age: 14, notes: 'Robotics club' },
    ]);
    await page.reload();

    await page.getByRole('button', { name: 'Add learner' }).click();
    const form = page.getByRole('dialog', { name: 'Add a learner' });
    // The consent confirmation is required before anything reaches the server.
    await form.getByLabel('Name').fill('Ada Lovelace');
    await form.getByRole('button', { name: 'Add learner' }).click();
    await expect.poll(() => form.getByText('Confirm that you have consent').count()).toBe(1);
    await form.getByLabel(/^Age/).fill('11');
    await form.getByLabel(/^Notes/).fill('Loves the pen plotter');
    await form.getByRole('checkbox', { name: /consent/ }).check();
    await form.getByRole('button', { name: 'Add learner' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: /Ada Lovelace/ }).waitFor();
    await screenshot(page, 'admin-learners');

    await page.getByRole('button', { name: 'Start session for Ada Lovelace' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    expect(await dialog.getByLabel('Session length').inputValue()).toBe('60');
    expect(await dialog.getByLabel('Lock when idle after').inputValue()).toBe('10');
    const minted = waitForProcedure<MintedSession>(page, 'sessions.start');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    const session = await minted;
    expect(session).not.toHaveProperty('token');

    const started = page.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    const qr = started.getByRole('img', { name: /QR code that opens Ada Lovelace/ });
    await qr.waitFor();
    expect(await decodeQr(qr)).toBe(session.redeemUrl);
    await started.getByText(session.redemptionCode, { exact: true }).waitFor();
    expect(await started.getByLabel('Link for the tablet').inputValue()).toBe(session.redeemUrl);
    await started.getByText(/Code expires in \d+:\d\d/).waitFor();
    await screenshot(page, 'admin-start-session');

    // A tablet (its own browser, no admin cookie) opens the link and lands in Ada's session.
    const kiosk = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const tablet = await kiosk.newPage();
      await tablet.goto(session.redeemUrl);
      await tablet.getByText('Ada Lovelace').first().waitFor({ timeout: 15_000 });

      // The admin's dialog follows along: the code has been used.
      await started.getByText('Ada Lovelace is in').waitFor({ timeout: 15_000 });
      await started.getByRole('button', { name: 'Done' }).click();

      await page.getByRole('link', { name: 'Live sessions' }).click();
      const row = page.locator(`tr[data-session-id="${session.sessionId}"]`);
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('active');
      await row.getByText('Active').waitFor();

      await row.getByRole('button', { name: /^End Ada Lovelace/ }).click();
      await page.getByRole('dialog', { name: /End Ada Lovelace/ }).getByRole('button', { name: 'End session' }).click();
      // ending (a 5 s grace for the tablet) → ended, pushed to the table by the event stream.
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 20_000 }).toBe('ended');
      await row.getByText('Ended', { exact: true }).waitFor();
    } finally {
      await kiosk.close();
    }
  });

  it('keeps what was typed when the sign-in expires, and carries on after signing in again', async () => {
    await page.getByRole('link', { name: 'Learners' }).click();
    await page.getByRole('button', { name: 'Add learner' }).click();
    const form = page.getByRole('dialog', { name: 'Add a learner' });
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel(/^Notes/).fill('Debugging champion');
    await form.getByRole('checkbox', { name: /consent/ }).check();

    await admin.clearCookies(); // the admin session is gone, as after the 12-hour limit
    await form.getByRole('button', { name: 'Add learner' }).click();

    const again = page.getByRole('dialog', { name: 'Please sign in again' });
    await again.waitFor();
    expect(await again.getByLabel('Email').inputValue()).toBe(perch.admin.email);
    await again.getByLabel('Password').fill(perch.admin.password);
    await again.getByRole('button', { name: 'Sign in and continue' }).click();
    await again.waitFor({ state: 'detached' });

    expect(await form.getByLabel('Name').inputValue()).toBe('Grace Hopper');
    expect(await form.getByLabel(/^Notes/).inputValue()).toBe('Debugging champion');
    expect(await form.getByRole('checkbox', { name: /consent/ }).isChecked()).toBe(true);
    await form.getByRole('button', { name: 'Add learner' }).click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('rowheader', { name: /Grace Hopper/ }).waitFor();
  });

  it('searches, edits and archives learners', async () => {
    await page.getByLabel('Search learners').fill('grace');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(1);

    await page.getByRole('button', { name: 'Edit Grace Hopper' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Grace Hopper' });
    await edit.getByLabel(/^Age/).fill('101');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.getByText('Age must be between 3 and 100.').waitFor();
    await edit.getByLabel(/^Age/).fill('12');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('row', { name: /Grace Hopper/ }).getByRole('cell').first().textContent()).toBe('12');

    await page.getByRole('button', { name: 'Archive Grace Hopper' }).click();
    const confirm = page.getByRole('dialog', { name: 'Archive Grace Hopper?' });
    await confirm.getByRole('button', { name: 'Archive learner' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No learners match “grace”.').waitFor();
    await page.getByLabel('Show archived').check();
    await page.getByRole('row', { name: /Grace Hopper/ }).getByText(/^Archived/).waitFor();
    await page.getByLabel('Show archived').uncheck();
    await page.getByLabel('Search learners').fill('');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(4);
  });

  it('starts a class of three and prints a sheet that holds their three codes on one A4 or Letter page', async () => {
    await page.getByRole('link', { name: 'Start a class' }).click();
    await page.getByRole('heading', { name: 'Start a class', level: 1 }).waitFor();
    for (const name of ['Maya Chen', 'Theo Okafor', 'Sam Rivera']) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page.getByLabel(/^Class label/).fill('Robotics, Tuesday');
    await page.getByText('3 of at most 50 selected').waitFor();

    const started = waitForProcedure<StartBulkOutput>(page, 'sessions.startBulk');
    await page.getByRole('button', { name: 'Start 3 sessions' }).click();
    const batch = await started;
    expect(batch.sessions).toHaveLength(3);
    await page.getByRole('button', { name: 'Print sheet' }).waitFor();
    const cards = page.locator('.print-card');
    await expect.poll(() => cards.count()).toBe(3);
    for (const s of batch.sessions) {
      const card = page.getByRole('article', { name: `Card for ${s.learnerName}` });
      await card.getByText(s.redemptionCode).waitFor();
      expect(await decodeQr(card.getByRole('img'))).toBe(s.redeemUrl);
    }
    await page.setViewportSize({ width: 1280, height: 1240 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-print-sheet');
    await page.setViewportSize({ width: 1280, height: 820 });

    for (const format of ['A4', 'Letter'] as const) {
      const pdf = await page.pdf({ format, printBackground: true });
      const doc = await getDocumentProxy(new Uint8Array(pdf));
      const { text } = await extractText(doc, { mergePages: true });
      for (const s of batch.sessions) {
        expect(text).toContain(s.redemptionCode);
        expect(text).toContain(s.learnerName);
      }
      expect(text).not.toContain('Print sheet'); // the on-screen toolbar stays off paper
      expect(doc.numPages).toBe(1);
    }

    // One learner scans their card; the live table shows them active and the rest still waiting.
    const [first, ...rest] = batch.sessions;
    const kiosk = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const tablet = await kiosk.newPage();
      await tablet.goto(first!.redeemUrl);
      await tablet.getByText(first!.learnerName).first().waitFor({ timeout: 15_000 });
      await page.getByRole('link', { name: 'Live sessions' }).click();
      const state = (id: string) => page.locator(`tr[data-session-id="${id}"]`).getAttribute('data-state');
      await expect.poll(() => state(first!.sessionId), { timeout: 15_000 }).toBe('active');
      for (const s of rest) await expect.poll(() => state(s.sessionId)).toBe('pending');
      await screenshot(page, 'admin-live');

      // Force end needs a reason; the session is revoked at once and the audit log has it.
      const last = rest.at(-1)!;
      await page.getByRole('button', { name: `Force end ${last.learnerName}’s session` }).click();
      const force = page.getByRole('dialog', { name: `Force end ${last.learnerName}’s session` });
      await force.getByLabel('Reason').fill('no');
      await force.getByRole('button', { name: 'Force end now' }).click();
      await force.getByText('Give a reason of at least 3 characters.').waitFor();
      await force.getByLabel('Reason').fill('Tablet left in the hallway');
      await force.getByRole('button', { name: 'Force end now' }).click();
      await force.waitFor({ state: 'detached' });
      await expect.poll(() => state(last.sessionId), { timeout: 15_000 }).toBe('revoked');

      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByLabel('Action').selectOption('session.force_end');
      await page.getByRole('cell', { name: 'Session force-ended' }).first().waitFor();
      await page.getByText(/Tablet left in the hallway/).waitFor();
    } finally {
      await kiosk.close();
    }
  });

  it('says where a learner’s session is before starting a second, ends it on its tablet when asked; a class leaves them out, or ends theirs when asked', async () => {
    await page.getByRole('link', { name: 'Learners' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    await page.getByRole('button', { name: 'Start session for Ada Lovelace' }).click();
    const minted = waitForProcedure<MintedSession>(page, 'sessions.start');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    const first = await minted;
    const kiosk = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const tablet = await kiosk.newPage();
      await tablet.goto(first.redeemUrl);
      await tablet.getByRole('heading', { name: 'Hi, Ada Lovelace!' }).waitFor({ timeout: 15_000 });
      await dialog.getByText('Ada Lovelace is in').waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });

      // Again: nothing starts until the admin has read where Ada is and chosen.
      await page.getByRole('button', { name: 'Start session for Ada Lovelace' }).click();
      await dialog.getByRole('button', { name: 'Start session' }).click();
      await dialog.getByRole('alert').getByText(/^Ada Lovelace already has a session running, ends in about (59|60) minutes\.$/).waitFor();
      await screenshot(dialog, 'admin-second-session');
      const replaced = waitForProcedure<MintedSession>(page, 'sessions.start');
      await dialog.getByRole('button', { name: 'End that one and start a new one' }).click();
      const second = await replaced;
      expect(second.sessionId).not.toBe(first.sessionId);
      await dialog.getByRole('img', { name: /QR code that opens Ada Lovelace/ }).waitFor();
      // Her first tablet says goodbye.
      await tablet.getByRole('status', { name: 'Session ended' }).waitFor({ timeout: 10_000 });
      await dialog.getByRole('button', { name: 'Done' }).click();
    } finally {
      await kiosk.close();
    }

    // A class with Ada (her new card waits) and Maya (still on her tablet) leaves both out and says so.
    await page.getByRole('link', { name: 'Start a class' }).click();
    for (const name of ['Ada Lovelace', 'Maya Chen', 'Sam Rivera']) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    const started = waitForProcedure<StartBulkOutput>(page, 'sessions.startBulk');
    await page.getByRole('button', { name: 'Start 3 sessions' }).click();
    const batch = await started;
    expect(batch.sessions.map((s) => s.learnerName)).toEqual(['Sam Rivera']);
    await page
      .getByRole('status')
      .filter({ hasText: /^Left out because they already have a session: Ada Lovelace \(card not used yet, expires in about (9|10) minutes\); Maya Chen \(ends in about \d+ minutes\)\./ })
      .waitFor();

    // Again, choosing to end their sessions: all three get a card, nobody is left out.
    await page.getByRole('button', { name: 'Start another class' }).click();
    for (const name of ['Ada Lovelace', 'Maya Chen', 'Sam Rivera']) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page.getByRole('group', { name: 'Learners who already have a session' }).getByLabel('End theirs and start a new one').check();
    const restarted = waitForProcedure<StartBulkOutput>(page, 'sessions.startBulk');
    await page.getByRole('button', { name: 'Start 3 sessions' }).click();
    const again = await restarted;
    expect(again.sessions.map((s) => s.learnerName).sort()).toEqual(['Ada Lovelace', 'Maya Chen', 'Sam Rivera']);
    expect(again.skipped).toEqual([]);
    await page.getByRole('region', { name: 'Printable QR sheet' }).getByRole('article', { name: 'Card for Maya Chen' }).waitFor();
    expect(await page.getByText(/^Left out because/).count()).toBe(0);
  });
});
