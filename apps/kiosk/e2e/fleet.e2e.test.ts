import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { NOT_ENROLLED_MESSAGE, type Enrollment, type TabletSummary } from '@perch/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';
import { dumpBrowserStorage, waitForServiceWorker } from './browser-storage';
import { launchInstallableTablet } from './installable-tablet';

// Enrolled tablets (issue 11) in real Chromium: the tablet keeps an on-disk profile, as a real one
// does, so its device cookie survives a reload. Screenshots only with PERCH_SCREENSHOTS=1.

const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const TABLET = { width: 1024, height: 768 };

let server: PerchProcess;
let browser: Browser;
let admin: AdminApi;
let tablet: Awaited<ReturnType<typeof launchInstallableTablet>>;
let page: Page;

beforeAll(async () => {
  server = await startPerchServer();
  browser = await launchChromium();
  admin = await signInAdmin(server.url, server.admin);
  tablet = await launchInstallableTablet(TABLET);
  page = tablet.context.pages()[0] ?? (await tablet.context.newPage());
});

afterAll(async () => {
  await tablet?.close();
  await browser?.close();
  await server?.stop();
});

async function screenshot(target: Page, name: string) {
  if (process.env.PERCH_SCREENSHOTS !== '1') return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  await target.waitForTimeout(300);
  await target.screenshot({ path: path.join(screenshotDir, name) });
}

/** The admin app in a browser of its own, signed in, on the Learners page. */
async function adminApp(viewport: { width: number; height: number }): Promise<Page> {
  const adminPage = await (await browser.newContext({ viewport })).newPage();
  await adminPage.goto(`${server.url}/admin/`);
  await adminPage.getByLabel('Email').fill(server.admin.email);
  await adminPage.getByLabel('Password').fill(server.admin.password);
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();
  return adminPage;
}

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });
const tablets = () => admin.query<TabletSummary[]>('tablets.list');
const heading = (target: Page, name: string) => target.getByRole('heading', { level: 1, name });
/** The tablet's name in the kiosk's header, or null when it shows none. */
const nameShown = () => page.evaluate(() => document.querySelector('[data-testid="tablet-name"]')?.textContent ?? null);

describe('enrolled tablets in Chromium', () => {
  it('enrolls from the link (which leaves the address bar at once) and shows its name, also after a reload', async () => {
    const enrollment = await admin.mutation<Enrollment>('tablets.createEnrollment', null);
    await page.goto(enrollment.enrollUrl);
    await eventually(() => nameShown()).toBe('Tablet 1');
    expect(page.url()).not.toContain('#');
    expect(page.url()).not.toContain(enrollment.code);
    await page.reload();
    await eventually(() => nameShown()).toBe('Tablet 1');
    const cookies = await tablet.context.cookies();
    const device = cookies.find((c) => c.name === '__Host-perch_device')!;
    expect(device).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await eventually(async () => (await tablets())[0]?.online).toBe(true);
  });

  it('redeems on the enrolled tablet: the Tablets page shows who is on it; a rename shows on the tablet', async () => {
    const minted = await admin.mintSession('Amara');
    // A new load, as when the QR opens the link (a fragment change alone reloads nothing).
    await page.goto('about:blank');
    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Amara!').waitFor({ timeout: 10_000 });
    await eventually(async () => (await tablets())[0]?.currentSession?.learnerName).toBe('Amara');
    const [listed] = await tablets();
    await admin.mutation('tablets.rename', { tabletId: listed!.id, name: 'Makerspace corner' });
    await eventually(() => nameShown()).toBe('Makerspace corner');
    await screenshot(page, 'kiosk-tablet-name.png');

    // The admin's Tablets page, live.
    const adminPage = await adminApp({ width: 1280, height: 720 });
    await adminPage.getByRole('link', { name: 'Tablets' }).click();
    const row = adminPage.locator(`tr[data-tablet-id="${listed!.id}"]`);
    await row.waitFor();
    await eventually(() => row.innerText()).toMatch(/Makerspace corner[\s\S]*Online[\s\S]*Amara/);
    await screenshot(adminPage, 'admin-tablets.png');
    await adminPage.context().close();
  });

  it('in enrolled mode the tablet redeems; another browser with a valid code is refused with a sentence', async () => {
    await admin.mutation('tablets.setRedeemMode', { mode: 'enrolled' });
    const [listed] = await tablets();
    await admin.mutation('sessions.end', { sessionId: listed!.currentSession!.sessionId });
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });

    const minted = await admin.mintSession('Bea');
    const phone = await browser.newContext({ viewport: { width: 400, height: 800 } });
    const phonePage = await phone.newPage();
    await phonePage.goto(minted.redeemUrl);
    await phonePage.getByText(NOT_ENROLLED_MESSAGE).first().waitFor({ timeout: 10_000 });
    await heading(phonePage, 'This tablet is not enrolled').waitFor({ timeout: 10_000 });
    expect((await phone.cookies()).some((c) => c.name === '__Host-perch_kiosk')).toBe(false);
    await phone.close();

    await page.goto('about:blank');
    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Bea!').waitFor({ timeout: 10_000 });
  });

  it('"Send to tablet" opens a session on it within a second, without a code', async () => {
    const [listed] = await tablets();
    await admin.mutation('sessions.end', { sessionId: listed!.currentSession!.sessionId });
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });
    await eventually(async () => (await tablets())[0]?.currentSession ?? null).toBeNull();
    const learner = await admin.mutation<{ id: string }>('learners.create', { name: 'Cleo', consent: true });
    const sentAt = Date.now();
    await admin.mutation('tablets.send', { learnerId: learner.id, tabletId: listed!.id });
    await heading(page, 'Hi, Cleo!').waitFor({ timeout: 5_000 });
    expect(Date.now() - sentAt).toBeLessThan(1_000);
    expect(page.url()).not.toContain('#');
  });

  it('retiring the tablet ends its session and returns it to the enrollment screen', async () => {
    const [listed] = await tablets();
    await admin.mutation('tablets.retire', { tabletId: listed!.id });
    await eventually(() => nameShown()).toBeNull();
    await page.getByRole('alert').filter({ hasText: 'This tablet was retired.' }).waitFor();
    await heading(page, 'This tablet is not enrolled').waitFor({ timeout: 10_000 });
    await page.reload();
    await heading(page, 'This tablet is not enrolled').waitFor({ timeout: 10_000 });
    expect(await nameShown()).toBeNull();

    // An installed kiosk has no address bar: its enrollment screen takes the code typed.
    const again = await admin.mutation<Enrollment>('tablets.createEnrollment', null);
    await page.getByLabel('Enrollment code').fill(again.code.toLowerCase());
    await page.getByRole('button', { name: 'Enroll this tablet' }).click();
    await eventually(() => nameShown()).toBe('Tablet 2');
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });
  });
});

describe('throttles on the live page in Chromium', () => {
  it('says which address is refused and for how long, and Unblock clears it', async () => {
    await admin.mutation('tablets.setRedeemMode', { mode: 'open' });
    for (let i = 0; i < 10; i++) {
      await fetch(`${server.url}/trpc/kiosk.redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: 'ZZZZ-ZZZZ' }) });
    }
    const adminPage = await adminApp({ width: 1280, height: 720 });
    await adminPage.getByRole('link', { name: 'Live sessions' }).click();
    const notice = adminPage.getByRole('region', { name: 'Codes are being refused for too many wrong tries' });
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.innerText()).toMatch(/Address 127\.0\.0\.1: 10 wrong codes, refused for \d+:\d\d more\./);
    await notice.getByRole('button', { name: 'Unblock Address 127.0.0.1' }).click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });
    await adminPage.context().close();
  });
});

describe('clean handoff between learners in Chromium', () => {
  it('keeps nothing of the last learner: no cookie, storage, cache entry or service-worker state, and no name on screen; only the language chosen stays', async () => {
    const tabletB = await launchInstallableTablet(TABLET);
    try {
      const kiosk = tabletB.context.pages()[0] ?? (await tabletB.context.newPage());
      const first = await admin.mintSession('Ingrid Handoff');
      await kiosk.goto(first.redeemUrl);
      await heading(kiosk, 'Hi, Ingrid Handoff!').waitFor({ timeout: 10_000 });
      await waitForServiceWorker(kiosk);
      // The learner reads Spanish: the tablet remembers that choice (a preference, not about them).
      await kiosk.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Español' }).click();
      await heading(kiosk, '¡Hola, Ingrid Handoff!').waitFor({ timeout: 10_000 });
      await kiosk.getByRole('button', { name: 'He terminado' }).click();
      await kiosk.getByRole('button', { name: 'Sí, he terminado' }).click();
      await heading(kiosk, 'Escanea tu código').waitFor({ timeout: 10_000 });

      const traces = ['Ingrid', first.sessionId, first.redemptionCode, first.redemptionCode.replace('-', '')];
      const storage = await dumpBrowserStorage(kiosk);
      for (const trace of traces) expect(JSON.stringify(storage)).not.toContain(trace);
      // Exactly one key: the language switch's (src/i18n.ts), holding a language, nothing of the learner.
      expect(storage.localStorage).toEqual({ 'perch.kiosk.language': 'es' });
      expect(storage.sessionStorage).toEqual({});
      expect(storage.indexedDb).toEqual([]);
      // Only the app shell is cached, and only by the service worker's precache.
      const cached = storage.caches.flatMap((c) => c.entries.map((e) => new URL(e.url).pathname));
      expect(cached.length).toBeGreaterThan(0);
      expect(cached.every((p) => p.startsWith('/kiosk/'))).toBe(true);
      expect(cached.filter((p) => p.includes('/trpc'))).toEqual([]);
      expect((await tabletB.context.cookies()).map((c) => c.name)).not.toContain('__Host-perch_kiosk');
      const workers = await kiosk.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope));
      expect(workers.map((s) => new URL(s).pathname)).toEqual(['/kiosk/']);
      expect(await kiosk.evaluate(() => window.history.length)).toBeLessThanOrEqual(2);
      expect(kiosk.url()).not.toContain('#');

      // The next learner's tablet shows nothing of the last one, even after a relaunch.
      await kiosk.reload();
      await heading(kiosk, 'Escanea tu código').waitFor({ timeout: 10_000 });
      expect(await kiosk.locator('body').innerText()).not.toContain('Ingrid');
      const next = await admin.mintSession('Jonas Next');
      await kiosk.goto('about:blank');
      await kiosk.goto(next.redeemUrl);
      await heading(kiosk, '¡Hola, Jonas Next!').waitFor({ timeout: 10_000 });
      expect(await kiosk.locator('body').innerText()).not.toContain('Ingrid');
    } finally {
      await tabletB.close();
    }
  });
});

describe('classes you can come back to in Chromium', () => {
  it('reopens a class from the Classes list; "Reprint cards" gives fresh cards and voids the old ones', async () => {
    const learners = [];
    for (const name of ['Lena Park', 'Omar Diaz', 'Priya Shah']) learners.push(await admin.mutation<{ id: string }>('learners.create', { name, consent: true }));
    const started = await admin.mutation<{ batchId: string; sessions: { redemptionCode: string; learnerName: string }[] }>('sessions.startBulk', {
      learnerIds: learners.map((l) => l.id),
      label: 'Robotics, Tuesday',
    });
    const redeem = (code: string) =>
      fetch(`${server.url}/trpc/kiosk.redeem`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' }, body: JSON.stringify({ code }) }).then(
        async (r) => ((await r.json()) as { error?: { data?: { reason?: string } } }).error?.data?.reason ?? 'redeemed',
      );
    expect(await redeem(started.sessions[0]!.redemptionCode)).toBe('redeemed');

    const adminPage = await adminApp({ width: 1280, height: 800 });
    await adminPage.getByRole('link', { name: 'Classes' }).click();
    const row = adminPage.locator(`tr[data-batch-id="${started.batchId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Robotics, Tuesday[\s\S]*3 · 2 waiting · 1 active/);
    await row.getByRole('button', { name: 'Open Robotics, Tuesday' }).click();
    await heading(adminPage, 'Class “Robotics, Tuesday”').waitFor();
    await adminPage.getByText('Priya Shah').waitFor();
    await screenshot(adminPage, 'admin-class-reprint.png');

    await adminPage.getByRole('button', { name: 'Reprint cards' }).click();
    await heading(adminPage, 'Reprinted cards').waitFor();
    const codes = await adminPage.locator('.print-card-code').allInnerTexts();
    expect(codes).toHaveLength(2);
    for (const old of started.sessions.slice(1)) expect(await redeem(old.redemptionCode)).toBe('CODE_EXPIRED');
    for (const fresh of codes) expect(await redeem(fresh.trim())).toBe('redeemed');

    // The live page narrows to the class.
    await adminPage.getByRole('link', { name: 'Live sessions' }).click();
    await adminPage.getByLabel('Class').selectOption({ label: 'Robotics, Tuesday' });
    await eventually(() => adminPage.locator('table.table-sessions tbody tr').count()).toBe(3);
    const names = await adminPage.locator('table.table-sessions tbody .learner-name').allInnerTexts();
    expect(names.map((n) => n.trim()).sort()).toEqual(['Lena Park', 'Omar Diaz', 'Priya Shah']);
    await adminPage.context().close();
  });
});
