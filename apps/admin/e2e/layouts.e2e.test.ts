import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { ADMIN_VIEWPORTS, layoutProblems } from '@perch/web/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLearners, signIn } from './helpers';

// Every page of the admin app, from a 360 px phone up to a laptop: nothing cut off, nothing out of
// reach. The problems of every size are gathered before failing, so one run shows them all.
describe('admin layouts', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    await signIn(page, perch.url, perch.admin);
    await seedLearners(page, perch.url, [
      { name: 'Maximiliana Alexandrova-Okonkwo', age: 12, notes: 'Prefers the left-handed stylus and the quiet corner' },
      { name: 'Theo Okafor', age: 9 },
    ]);
    // A live session, so the Live sessions table has a row with its buttons.
    await page.reload();
    await page.getByRole('button', { name: 'Start session for Theo Okafor' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('fits every page and the main dialogs from 360 px up', async () => {
    const findings: string[] = [];
    const pages: [string, string, string][] = [
      ['learners', '', 'Learners'],
      ['live sessions', 'live', 'Live sessions'],
      ['start a class', 'class', 'Start a class'],
      ['classes', 'classes', 'Classes'],
      ['tablets', 'tablets', 'Tablets'],
      ['agents', 'agents', 'Agents'],
      ['audit log', 'audit', 'Audit log'],
    ];
    for (const viewport of ADMIN_VIEWPORTS) {
      await page.setViewportSize(viewport);
      const size = `${viewport.width}×${viewport.height}`;
      const check = async (scene: string) => {
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${size} ${scene}: ${problem}`);
      };
      for (const [scene, path, heading] of pages) {
        await page.goto(`${perch.url}/admin/${path}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        await check(scene);
      }

      await page.goto(`${perch.url}/admin/`);
      await page.getByRole('button', { name: 'Start session for Maximiliana Alexandrova-Okonkwo' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Start session' }).waitFor();
      await check('start-session dialog');
      await dialog.getByRole('button', { name: 'Start session' }).click();
      // From the second size on she still has the last size's session: the dialog asks first.
      if (viewport !== ADMIN_VIEWPORTS[0]) {
        const replace = dialog.getByRole('button', { name: 'End that one and start a new one' });
        await replace.waitFor();
        await check('start-session dialog asking about her other session');
        await replace.click();
      }
      await dialog.getByRole('timer').waitFor();
      await check('start-session dialog showing the code');
      await dialog.getByRole('button', { name: 'Done' }).click();
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Add learner' }).click();
      await page.getByRole('dialog', { name: 'Add a learner' }).waitFor();
      await check('add-learner dialog');
      await page.keyboard.press('Escape');
    }

    // Signed out: the sign-in page on the smallest screen.
    const guest = await browser.newContext({ viewport: ADMIN_VIEWPORTS[0] });
    const signInPage = await guest.newPage();
    await signInPage.goto(`${perch.url}/admin/`);
    await signInPage.getByRole('button', { name: 'Sign in' }).waitFor();
    for (const problem of await signInPage.evaluate(layoutProblems)) findings.push(`360 sign-in: ${problem}`);
    await guest.close();

    expect(findings, findings.join('\n')).toEqual([]);
  }, 400_000);
});
