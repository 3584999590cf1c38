import fs from 'node:fs';
import { launchChromium, parseCsv, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Learner, MintedSession } from '@perch/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, signIn } from './helpers';

// Issue 13, item 4: the audit log downloads as CSV from its page, filtered as the page is.
describe('audit log CSV download in Chromium', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, acceptDownloads: true, timezoneId: 'Europe/Madrid' });
    page = await context.newPage();
    await signIn(page, perch.url, perch.admin);
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('downloads the filtered view: UTF-8 with a BOM, names in words, formula cells kept as text', async () => {
    const zoe = await mutate<Learner>(page, perch.url, 'learners.create', { name: 'Zoë Núñez', age: 10, consent: true });
    const sly = await mutate<Learner>(page, perch.url, 'learners.create', { name: '=HYPERLINK("http://evil.example")', consent: true });
    await mutate<MintedSession>(page, perch.url, 'sessions.start', { learnerId: zoe.id, durationMin: 45, idleLockMin: 5 });
    await mutate<MintedSession>(page, perch.url, 'sessions.start', { learnerId: sly.id, durationMin: 30, idleLockMin: 0 });

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'Zoë Núñez' }).first().waitFor({ timeout: 30_000 });
    await page.getByLabel('Action').selectOption('session.start');
    await page.getByText(/^Every entry matching these filters/).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: 'Learner added' }).count(), { timeout: 30_000 }).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^perch-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));

    expect(header).toEqual(['Time (UTC)', 'Local time (Europe/Madrid)', 'Who', 'What', 'Learner', 'Details', 'IP address']);
    expect(rows.map((r) => r.slice(2, 6))).toEqual([
      [perch.admin.email, 'Session started', `'=HYPERLINK("http://evil.example")`, '30-minute session, never locks when idle.'],
      [perch.admin.email, 'Session started', 'Zoë Núñez', '45-minute session, locks after 5 idle minutes.'],
    ]);
    for (const [utc, local] of rows) {
      const madrid = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Madrid', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(utc!));
      expect(local).toBe(madrid);
    }
  });
});
