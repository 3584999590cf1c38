import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { layoutProblems, TABLET_VIEWPORTS } from '@perch/web/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// Every screen a learner meets, on every tablet size from 600 to 1400 px wide in both orientations,
// in English and in Spanish (longer words): nothing cut off, nothing out of reach. The problems of
// every size are gathered before failing.
let server: PerchProcess;
let browser: Browser;
let admin: AdminApi;

beforeAll(async () => {
  // Both languages' sweeps mint a session per tablet size, 12 within a minute: past the people's start cap.
  server = await startPerchServer({ RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
  browser = await launchChromium();
  admin = await signInAdmin(server.url, server.admin);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** The words the sweep finds its way by, per language (the browser's language picks the kiosk's). */
const LANGUAGES = [
  {
    locale: 'en-GB',
    scan: 'Scan your code',
    codeLabel: 'Type your code',
    start: 'Start',
    unknown: 'We couldn’t find that code',
    greeting: /^Hi, Maximiliana/,
    tap: /Tap to continue/,
    done: 'I’m done',
    areYouDone: /^Are you done/,
    yesDone: 'Yes, I’m done',
    ended: 'Session ended',
    notEnrolled: 'This tablet is not enrolled',
    enrollLabel: 'Enrollment code',
  },
  {
    locale: 'es-ES',
    scan: 'Escanea tu código',
    codeLabel: 'Escribe tu código',
    start: 'Empezar',
    unknown: 'No encontramos ese código',
    greeting: /^¡Hola, Maximiliana/,
    tap: /Toca para seguir/,
    done: 'He terminado',
    areYouDone: /^¿Has terminado/,
    yesDone: 'Sí, he terminado',
    ended: 'Sesión terminada',
    notEnrolled: 'Esta tableta no está registrada',
    enrollLabel: 'Código de registro',
  },
];

describe.each(LANGUAGES)('kiosk layouts ($locale)', (words) => {
  it('fits the scan, error, session, lock, confirm and goodbye screens on tablets 600–1400 px wide', async () => {
    const findings: string[] = [];
    // Each sweep types a wrong code per size: the other language's sweep must not leave this address refused.
    await admin.mutation('throttles.unblock', { kind: 'address', id: '127.0.0.1' });
    for (const viewport of TABLET_VIEWPORTS) {
      const size = `${viewport.width}×${viewport.height}`;
      // A long name, as real classes have: it must wrap, not run off the screen.
      const minted = await admin.mintSession(`Maximiliana Alexandrova-Okonkwo ${viewport.width}`, { idleLockMin: 1 });
      const context = await browser.newContext({ viewport, locale: words.locale });
      const page = await context.newPage();
      await page.clock.install();
      const check = async (screen: string) => {
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${size} ${screen}: ${problem}`);
      };

      await page.goto(`${server.url}/kiosk/`);
      await heading(page, words.scan).waitFor();
      await page.getByLabel(words.codeLabel).fill('WXYZ-WXYZ');
      await check('scan, a code typed');

      await page.getByRole('button', { name: words.start, exact: true }).click();
      await page.getByRole('alert').filter({ hasText: words.unknown }).waitFor();
      await check('wrong code');

      await page.getByLabel(words.codeLabel).fill(minted.redemptionCode);
      await page.getByRole('button', { name: words.start, exact: true }).click();
      await heading(page, words.greeting).waitFor();
      await check('in session');

      await page.clock.fastForward('01:05');
      await page.getByRole('button', { name: words.tap }).waitFor();
      await check('locked');

      await page.getByRole('button', { name: words.tap }).click();
      await page.getByRole('button', { name: words.done }).click();
      await page.getByRole('dialog', { name: words.areYouDone }).waitFor();
      await check('confirm finish');

      await page.getByRole('button', { name: words.yesDone }).click();
      await page.getByRole('status', { name: words.ended }).waitFor();
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
        const context = await browser.newContext({ viewport, locale: words.locale });
        const page = await context.newPage();
        await page.goto(`${server.url}/kiosk/`);
        await heading(page, words.notEnrolled).waitFor();
        await page.getByLabel(words.enrollLabel).fill('WXYZ-WXYZ');
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${viewport.width}×${viewport.height} enrollment: ${problem}`);
        // The field is as wide as its words, not squeezed to a sliver.
        const field = await page.getByLabel(words.enrollLabel).boundingBox();
        if (!field || field.width < 240) findings.push(`${viewport.width}×${viewport.height} enrollment: the code field is ${field?.width ?? 0} px wide`);
        await context.close();
      }
    } finally {
      await admin.mutation('tablets.setRedeemMode', { mode: 'open' });
    }
    expect(findings, findings.join('\n')).toEqual([]);
  }, 120_000);
});
