import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { layoutProblems, TABLET_VIEWPORTS } from '@perch/web/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// Every screen a learner meets, on every tablet size from 600 to 1400 px wide in both orientations:
// nothing cut off, nothing out of reach. The problems of every size are gathered before failing.
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

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('kiosk layouts', () => {
  it('fits the scan, error, session, lock, confirm and goodbye screens on tablets 600–1400 px wide', async () => {
    const findings: string[] = [];
    for (const viewport of TABLET_VIEWPORTS) {
      const size = `${viewport.width}×${viewport.height}`;
      // A long name, as real classes have: it must wrap, not run off the screen.
      const minted = await admin.mintSession(`Maximiliana Alexandrova-Okonkwo ${viewport.width}`, { idleLockMin: 1 });
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await page.clock.install();
      const check = async (screen: string) => {
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${size} ${screen}: ${problem}`);
      };

      await page.goto(`${server.url}/kiosk/`);
      await heading(page, 'Scan your code').waitFor();
      await page.getByLabel('Type your code').fill('WXYZ-WXYZ');
      await check('scan, a code typed');

      await page.getByRole('button', { name: 'Start' }).click();
      await page.getByRole('alert').filter({ hasText: 'We couldn’t find that code' }).waitFor();
      await check('wrong code');

      await page.getByLabel('Type your code').fill(minted.redemptionCode);
      await page.getByRole('button', { name: 'Start' }).click();
      await heading(page, /^Hi, Maximiliana/).waitFor();
      await check('in session');

      await page.clock.fastForward('01:05');
      await page.getByRole('button', { name: /Tap to continue/ }).waitFor();
      await check('locked');

      await page.getByRole('button', { name: /Tap to continue/ }).click();
      await page.getByRole('button', { name: 'I’m done' }).click();
      await page.getByRole('dialog', { name: /^Are you done/ }).waitFor();
      await check('confirm finish');

      await page.getByRole('button', { name: 'Yes, I’m done' }).click();
      await page.getByRole('status', { name: 'Session ended' }).waitFor();
      await check('ended');
      await context.close();
    }
    expect(findings, findings.join('\n')).toEqual([]);
  }, 300_000);

  it('fits the enrollment screen of a tablet Perch does not know yet', async () => {
    const findings: string[] = [];
    await admin.mutation('tablets.setRedeemMode', { mode: 'enrolled' });
    try {
      for (const viewport of TABLET_VIEWPORTS) {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(`${server.url}/kiosk/`);
        await heading(page, 'This tablet is not enrolled').waitFor();
        await page.getByLabel('Enrollment code').fill('WXYZ-WXYZ');
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${viewport.width}×${viewport.height} enrollment: ${problem}`);
        // The field is as wide as its words, not squeezed to a sliver.
        const field = await page.getByLabel('Enrollment code').boundingBox();
        if (!field || field.width < 240) findings.push(`${viewport.width}×${viewport.height} enrollment: the code field is ${field?.width ?? 0} px wide`);
        await context.close();
      }
    } finally {
      await admin.mutation('tablets.setRedeemMode', { mode: 'open' });
    }
    expect(findings, findings.join('\n')).toEqual([]);
  }, 120_000);
});
