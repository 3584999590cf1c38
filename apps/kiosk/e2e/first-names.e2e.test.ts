import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// Names on tablets (issue 13 item 5) in real Chromium: an admin ticks "Show only first names on
// tablets" in the admin app; the server applies it, so a tablet already in session and the next
// redeem greet the learner by first name, and the kiosk's JS has nothing to decide.

const TABLET = { width: 1024, height: 768 };

let server: PerchProcess;
let browser: Browser;
let admin: AdminApi;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startPerchServer();
  browser = await launchChromium();
  admin = await signInAdmin(server.url, server.admin);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return context.newPage();
}

/** A tablet in session for a new learner called `name`. */
async function tabletInSession(name: string): Promise<Page> {
  const minted = await admin.mintSession(name);
  const page = await newPage(TABLET);
  await page.goto(minted.redeemUrl);
  return page;
}

const greeting = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

describe('first names only on tablets, in Chromium', () => {
  it('an admin ticks it on the Tablets page: the tablet in session and the next redeem greet by first name', async () => {
    const maya = await tabletInSession('Maya Okafor');
    await eventually(() => greeting(maya)).toBe('Hi, Maya Okafor!');

    const adminPage = await newPage({ width: 1280, height: 800 });
    await adminPage.goto(`${server.url}/admin/`);
    await adminPage.getByLabel('Email').fill(server.admin.email);
    await adminPage.getByLabel('Password').fill(server.admin.password);
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();
    await adminPage.getByRole('link', { name: 'Tablets' }).click();
    const toggle = adminPage.getByRole('checkbox', { name: /Show only first names on tablets/ });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await adminPage.getByRole('status').filter({ hasText: 'Saved: tablets now show first names only.' }).waitFor();
    expect(await toggle.isChecked()).toBe(true);

    // The tablet in session follows on its open event stream, without a reload; and after one.
    await eventually(() => greeting(maya)).toBe('Hi, Maya!');
    await maya.reload();
    await eventually(() => greeting(maya)).toBe('Hi, Maya!');
    // A new redeem is greeted by first name from its first answer.
    const anne = await tabletInSession('Anne-Marie de la Cruz');
    await eventually(() => greeting(anne)).toBe('Hi, Anne-Marie!');
    // Saved for the whole of Perch, and the admin's own lists keep whole names.
    await expect(admin.query('tablets.kioskNames')).resolves.toEqual({ firstNamesOnly: true });
    await adminPage.getByRole('link', { name: 'Live sessions' }).click();
    await adminPage.getByText('Maya Okafor').first().waitFor();

    // Back on the Tablets page after a reload (it shows what is saved), unticked: whole names again.
    await adminPage.reload();
    await adminPage.getByRole('link', { name: 'Tablets' }).click();
    await eventually(() => toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await adminPage.getByRole('status').filter({ hasText: 'Saved: tablets now show full names.' }).waitFor();
    await eventually(() => greeting(maya)).toBe('Hi, Maya Okafor!');
  });
});
