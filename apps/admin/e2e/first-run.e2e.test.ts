import { launchChromium, printedSetupLink, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { screenshot } from './helpers';

const ANA = { name: 'Ana García', email: 'ana@example.org', password: 'a long first password' };

// Issue 13 item 1: `pnpm start` with no admin and no variables prints a set-up link; opening it in
// Chromium creates the first admin and signs them in. Built app, built API (`pnpm build` first).
describe('first-run set-up in Chromium', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let link: string;
  const contexts: BrowserContext[] = [];
  const newPage = async (options: { bypassCSP?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ...options });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    perch = await startPerchServer({ PERCH_ADMIN_EMAIL: '', PERCH_ADMIN_PASSWORD: '' });
    browser = await launchChromium();
    link = await printedSetupLink(perch);
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('without the link, /admin/ says where to find it and offers no form; both pages pass axe', async () => {
    // bypassCSP only so axe can be injected; the flow itself runs under the real CSP below.
    const page = await newPage({ bypassCSP: true });
    await page.goto(`${perch.url}/admin/`);
    await page.getByRole('heading', { name: 'Set up Perch', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByText('pnpm start').waitFor();
    await page.getByText(`${perch.url}/admin/#setup=…`).waitFor();
    expect(await page.getByLabel('Password').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create the first admin' }).count()).toBe(0);
    let violations = await seriousViolations(page);
    expect(violations, describeViolations('set-up directions', violations)).toEqual([]);

    // The link pasted into this same tab changes only the fragment: no page loads, the app takes it.
    await page.goto(link);
    const form = page.getByRole('form', { name: 'Create the first admin' });
    await form.waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${perch.url}/admin/`);
    await form.getByRole('button', { name: 'Create the first admin' }).click();
    await form.getByText('Enter your name.').waitFor();
    violations = await seriousViolations(page);
    expect(violations, describeViolations('set-up form with field errors', violations)).toEqual([]);
  });

  it('opening the printed link: the token leaves the address at once, the first admin is created and lands signed in', async () => {
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Set up Perch', level: 1 }).waitFor({ timeout: 15_000 });
    const token = new URL(link).hash;
    expect(page.url()).toBe(`${perch.url}/admin/`);
    expect(await page.evaluate(() => location.href)).toBe(`${perch.url}/admin/`);
    await screenshot(page, 'admin-first-run');

    const form = page.getByRole('form', { name: 'Create the first admin' });
    await form.getByLabel('Your name').fill(ANA.name);
    await form.getByLabel('Email').fill(ANA.email);
    await form.getByLabel('Password', { exact: true }).fill(ANA.password);
    await form.getByLabel('Password again').fill(ANA.password);
    await form.getByRole('button', { name: 'Create the first admin' }).click();

    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor({ timeout: 15_000 });
    await page.locator('.account').getByText(ANA.name).waitFor();
    expect(page.url()).not.toContain(token);
    expect(page.url()).not.toContain('#');
    // Signed in with the ordinary admin cookie: a reload stays in.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === '__Host-perch_admin')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    await page.reload();
    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor({ timeout: 15_000 });
  });

  it('afterwards the link is dead: it leads to sign-in with a word why, and the new admin signs in', async () => {
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor({ timeout: 15_000 });
    await page.getByText('Perch already has an admin, so this set-up link no longer works.').waitFor();
    expect(page.url()).toBe(`${perch.url}/admin/`);
    await page.getByLabel('Email').fill(ANA.email);
    await page.getByLabel('Password').fill(ANA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor({ timeout: 15_000 });
  });
});
