import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { ADMIN_VIEWPORTS, layoutProblems } from '@perch/web/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLearners, signIn } from './helpers';

/** The words the sweep finds its way by, per language (the language choice is remembered on the browser). */
const LANGUAGES = [
  {
    code: 'en',
    pages: ['Learners', 'Live sessions', 'Start a class', 'Classes', 'Tablets', 'Agents', 'Audit log', 'Help'],
    startFor: (name: string) => `Start session for ${name}`,
    start: 'Start session',
    replace: 'End that one and start a new one',
    done: 'Done',
    addLearner: 'Add learner',
    addLearnerDialog: 'Add a learner',
    addMany: 'Add many',
    addManyDialog: 'Add many learners',
    list: 'Learners',
    preview: 'Preview',
    signIn: 'Sign in',
  },
  {
    code: 'es',
    pages: ['Alumnos', 'Sesiones en curso', 'Empezar una clase', 'Clases', 'Tabletas', 'Agentes', 'Registro de actividad', 'Ayuda'],
    startFor: (name: string) => `Empezar sesión para ${name}`,
    start: 'Empezar sesión',
    replace: 'Terminar esa y empezar una nueva',
    done: 'Listo',
    addLearner: 'Añadir alumno',
    addLearnerDialog: 'Añadir un alumno',
    addMany: 'Añadir muchos',
    addManyDialog: 'Añadir muchos alumnos',
    list: 'Alumnos',
    preview: 'Vista previa',
    signIn: 'Iniciar sesión',
  },
] as const;
const PATHS = ['', 'live', 'class', 'classes', 'tablets', 'agents', 'audit', 'help'];
const LANGUAGE_KEY = 'perch.admin.language';

// Every page of the admin app, from a 360 px phone up to a laptop, in English and in Spanish (longer
// words): nothing cut off, nothing out of reach. The problems of every size are gathered before
// failing, so one run shows them all.
describe('admin layouts', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  // Maximiliana's first session of the file: every later start finds her last one and asks.
  let started = false;

  beforeAll(async () => {
    // One start here and one per screen size in each language's sweep: 11, which a quiet machine fits in
    // one minute, past the people's start cap (10). The cap is not what this file checks.
    perch = await startPerchServer({ RATE_LIMIT_SESSION_START_PER_MIN: '1000' });
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

  it.each(LANGUAGES)('fits every page and the main dialogs from 360 px up ($code)', async (words) => {
    const findings: string[] = [];
    await page.evaluate(([key, code]) => localStorage.setItem(key, code), [LANGUAGE_KEY, words.code] as const);
    for (const viewport of ADMIN_VIEWPORTS) {
      await page.setViewportSize(viewport);
      const size = `${viewport.width}×${viewport.height}`;
      const check = async (scene: string) => {
        for (const problem of await page.evaluate(layoutProblems)) findings.push(`${size} ${scene}: ${problem}`);
      };
      for (const [i, heading] of words.pages.entries()) {
        await page.goto(`${perch.url}/admin/${PATHS[i]}`);
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.waitForLoadState('networkidle');
        await check(heading);
      }

      await page.goto(`${perch.url}/admin/`);
      await page.getByRole('button', { name: words.startFor('Maximiliana Alexandrova-Okonkwo') }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: words.start }).waitFor();
      await check('start-session dialog');
      await dialog.getByRole('button', { name: words.start }).click();
      // After her first start she still has the last one's session: the dialog asks first.
      if (started) {
        const replace = dialog.getByRole('button', { name: words.replace });
        await replace.waitFor();
        await check('start-session dialog asking about her other session');
        await replace.click();
      }
      started = true;
      await dialog.getByRole('timer').waitFor();
      await check('start-session dialog showing the code');
      await dialog.getByRole('button', { name: words.done }).click();
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: words.addLearner, exact: true }).click();
      await page.getByRole('dialog', { name: words.addLearnerDialog }).waitFor();
      await check('add-learner dialog');
      await page.keyboard.press('Escape');

      // A pasted list with a line too many columns long: the preview's table and its line problem.
      await page.getByRole('button', { name: words.addMany, exact: true }).click();
      const many = page.getByRole('dialog', { name: words.addManyDialog });
      await many.getByLabel(words.list).fill('Maximiliana Alexandrova-Okonkwo,12,Prefers the left-handed stylus\nTheo,9,,extra\nAda Lovelace');
      await many.getByRole('button', { name: words.preview }).click();
      await many.getByRole('table').waitFor();
      await check('add-many dialog, its preview');
      await page.keyboard.press('Escape');
    }

    // Signed out: the sign-in page on the smallest screen.
    const guest = await browser.newContext({ viewport: ADMIN_VIEWPORTS[0] });
    const signInPage = await guest.newPage();
    await signInPage.addInitScript(([key, code]) => localStorage.setItem(key, code), [LANGUAGE_KEY, words.code] as const);
    await signInPage.goto(`${perch.url}/admin/`);
    await signInPage.getByRole('button', { name: words.signIn }).waitFor();
    for (const problem of await signInPage.evaluate(layoutProblems)) findings.push(`360 sign-in: ${problem}`);
    await guest.close();

    expect(findings, findings.join('\n')).toEqual([]);
  }, 400_000);
});
