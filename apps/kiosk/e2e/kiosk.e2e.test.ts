import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import { KIOSK_COOKIE } from '@perch/shared';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';
import { dumpBrowserStorage, waitForServiceWorker } from './browser-storage';
import { launchInstallableTablet } from './installable-tablet';

// The kiosk PWA in real Chromium against the built server (`pnpm build` first; `pnpm test` does).
// Screenshots for the README are written only with PERCH_SCREENSHOTS=1.

const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const TABLET = { width: 1024, height: 768 };

let server: PerchProcess;
let browser: Browser;
let admin: AdminApi;
const cleanups: (() => Promise<void>)[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  server = await startPerchServer();
  browser = await launchChromium();
  admin = await signInAdmin(server.url, server.admin);
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh tablet: its own cookies, storage and service worker. `installable`: an on-disk profile. */
async function newTablet({ installable = false } = {}): Promise<{ context: BrowserContext; page: Page }> {
  let context: BrowserContext;
  if (installable) {
    const tablet = await launchInstallableTablet(TABLET);
    cleanups.push(tablet.close);
    context = tablet.context;
  } else {
    context = await browser.newContext({ viewport: TABLET, deviceScaleFactor: 1 });
    cleanups.push(() => context.close());
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
  });
  return { context, page };
}

async function screenshot(page: Page, name: string) {
  if (process.env.PERCH_SCREENSHOTS !== '1') return;
  fs.mkdirSync(screenshotDir, { recursive: true });
  // Let the focus ring and fonts settle so the picture shows the screen as a learner sees it.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshotDir, name) });
}

/** A retrying assertion: the UI gets there within a few seconds. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000 });

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

describe('kiosk PWA in Chromium', () => {
  it('serves a shell without inline script or style (the CSP allows neither)', async () => {
    const res = await fetch(`${server.url}/kiosk/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toMatch(/<script type="module"[^>]* src="\/kiosk\/assets\//);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).toContain('<link rel="manifest" href="/kiosk/manifest.webmanifest"');
  });

  it('redeems the link, keeps only the HttpOnly cookie, installs, resumes, and leaves within 2 s of an admin end', async () => {
    const minted = await admin.mintSession('Sam Rivera');
    const compactCode = minted.redemptionCode.replace('-', '');
    const { context, page } = await newTablet({ installable: true });
    const requests: { url: string; headers: string; body: string | null }[] = [];
    page.on('request', (req) => requests.push({ url: req.url(), headers: JSON.stringify(req.headers()), body: req.postData() }));

    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Sam Rivera!').waitFor();
    await eventually(() => page.getByRole('timer').textContent()).toMatch(/About (1 hour|59 minutes) left/);

    // The address no longer holds the code, and no request carried it except the redeem itself.
    expect(page.url()).toBe(`${server.url}/kiosk/`);
    expect(await page.evaluate(() => location.href)).not.toContain(minted.redemptionCode);
    const carrying = requests.filter((r) => [r.url, r.headers, r.body ?? ''].some((s) => s.includes(minted.redemptionCode) || s.includes(compactCode)));
    expect(carrying.map((r) => new URL(r.url).pathname)).toEqual(['/trpc/kiosk.redeem']);

    // The session cookie, as the DevTools protocol sees it: HttpOnly, Secure, SameSite=Strict.
    const cdp = await context.newCDPSession(page);
    const { cookies } = (await cdp.send('Network.getAllCookies')) as {
      cookies: { name: string; value: string; httpOnly: boolean; secure: boolean; sameSite?: string; path: string }[];
    };
    const kioskCookie = cookies.find((c) => c.name === KIOSK_COOKIE);
    expect(kioskCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const token = kioskCookie!.value;
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect((await context.cookies()).find((c) => c.name === KIOSK_COOKIE)).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });

    // Installable, with an active service worker that precached the shell and nothing from the API.
    expect(await waitForServiceWorker(page)).toBe('activated');
    expect(context.serviceWorkers().length).toBeGreaterThan(0);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] };
    expect(installabilityErrors).toEqual([]);

    // Nothing a script can read holds the token or the code.
    const storage = await dumpBrowserStorage(page);
    expect(storage.documentCookie).not.toContain(KIOSK_COOKIE);
    const cachedUrls = storage.caches.flatMap((c) => c.entries.map((e) => e.url));
    expect(cachedUrls.some((u) => new URL(u).pathname === '/kiosk/index.html')).toBe(true);
    expect(cachedUrls.filter((u) => u.includes('/trpc'))).toEqual([]);
    const everything = JSON.stringify(storage);
    for (const secret of [token, minted.redemptionCode, compactCode]) expect(everything).not.toContain(secret);
    await screenshot(page, 'kiosk-session.png');

    // A relaunch resumes the session from the cookie alone.
    const streamOpen = page.waitForResponse((res) => res.url().includes('/trpc/kiosk.events'));
    await page.reload();
    await heading(page, 'Hi, Sam Rivera!').waitFor();
    await streamOpen;

    // The admin ends it: the kiosk is back at "Scan your code" within 2 seconds.
    const endedAt = Date.now();
    await admin.mutation('sessions.end', { sessionId: minted.sessionId });
    await heading(page, 'Scan your code').waitFor({ timeout: 2_000 });
    expect(Date.now() - endedAt).toBeLessThan(2_000);
    await eventually(() => page.getByRole('status', { name: 'Session ended' }).textContent()).toContain('Your session has ended');
    await screenshot(page, 'kiosk-ended.png');

    // And stays there after a reload: the cookie no longer opens anything.
    await page.reload();
    await heading(page, 'Scan your code').waitFor();
  });

  it('redeems a code typed in lower case with spaces, and "I’m done" ends it after a confirm', async () => {
    const minted = await admin.mintSession('Ada Okafor');
    const { page } = await newTablet();
    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'Scan your code').waitFor();
    await screenshot(page, 'kiosk-scan.png');

    const [first, second] = minted.redemptionCode.toLowerCase().split('-');
    await page.getByLabel('Type your code').fill(` ${first} ${second!.slice(0, 2)} ${second!.slice(2)} `);
    await page.getByRole('button', { name: 'Start' }).click();
    await heading(page, 'Hi, Ada Okafor!').waitFor();

    await page.getByRole('button', { name: 'I’m done' }).click();
    const dialog = page.getByRole('dialog', { name: 'Are you done, Ada Okafor?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'I’m done' }).click();
    await page.getByRole('button', { name: 'Yes, I’m done' }).click();
    await heading(page, 'Scan your code').waitFor();
    await eventually(() => page.getByRole('status', { name: 'Session ended' }).textContent()).toContain('Great work, Ada Okafor!');
  });

  it('locks after the idle minutes, and a tap resumes it and tells the server', async () => {
    const minted = await admin.mintSession('Noor Haddad', { idleLockMin: 1 });
    const { page } = await newTablet();
    await page.clock.install();
    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Noor Haddad!').waitFor();

    await page.clock.fastForward('01:05');
    const resume = page.getByRole('button', { name: /Tap to continue/ });
    await resume.waitFor();
    expect(await resume.textContent()).toContain('Still there, Noor Haddad?');
    await screenshot(page, 'kiosk-locked.png');

    const touched = page.waitForResponse((res) => res.url().includes('/trpc/kiosk.touch'));
    await resume.click();
    expect((await touched).status()).toBe(200);
    await heading(page, 'Hi, Noor Haddad!').waitFor();
  });

  it('explains a wrong code, a malformed one and a used one in friendly words', async () => {
    const minted = await admin.mintSession('Lee Chen');
    const { page } = await newTablet();
    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'Scan your code').waitFor();
    const field = page.getByLabel('Type your code');
    const start = page.getByRole('button', { name: 'Start' });

    await field.fill('abc');
    await start.click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('That doesn’t look like a code');

    await field.fill('zzzz-zzzz');
    await start.click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('We couldn’t find that code');

    // Redeemed on one tablet, the same code on another is "already used".
    const { page: other } = await newTablet();
    await other.goto(minted.redeemUrl);
    await heading(other, 'Hi, Lee Chen!').waitFor();
    await field.fill(minted.redemptionCode);
    await start.click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('That code has already been used');
  });

  it('reopened offline, shows its own shell with an offline notice, and carries on when back online', async () => {
    const { context, page } = await newTablet();
    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'Scan your code').waitFor();
    expect(await waitForServiceWorker(page)).toBe('activated');

    await context.setOffline(true);
    await page.reload();
    await heading(page, 'This tablet is offline').waitFor();
    await eventually(() => page.getByRole('banner').textContent()).toContain('Perch');
    await page.getByRole('button', { name: 'Try again' }).waitFor();

    await context.setOffline(false);
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });
  });

  it('when the server does not answer, says so with a Retry that works once it is back', async () => {
    const { page } = await newTablet();
    await page.route('**/trpc/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'We can’t reach Perch right now').waitFor();
    await page.unroute('**/trpc/**');
    await page.getByRole('button', { name: 'Try again' }).click();
    await heading(page, 'Scan your code').waitFor();
  });

  it('still notices an admin end through the kiosk.me poll when the event stream is down', async () => {
    const minted = await admin.mintSession('Mia Novak');
    const { page } = await newTablet();
    await page.route('**/trpc/kiosk.events**', (route) => route.abort('connectionreset'));
    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Mia Novak!').waitFor();
    await admin.mutation('sessions.end', { sessionId: minted.sessionId });
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });
  });

  it('skips the goodbye on a force end learned through the kiosk.me poll, as it does through the stream', async () => {
    const minted = await admin.mintSession('Omar Farouk');
    const { page } = await newTablet();
    await page.route('**/trpc/kiosk.events**', (route) => route.abort('connectionreset'));
    await page.goto(minted.redeemUrl);
    await heading(page, 'Hi, Omar Farouk!').waitFor();
    const refused = page.waitForResponse((res) => res.url().includes('/trpc/kiosk.me') && res.status() === 401, { timeout: 15_000 });
    await admin.mutation('sessions.forceEnd', { sessionId: minted.sessionId, reason: 'Tablet needed elsewhere' });
    await refused;
    await heading(page, 'Scan your code').waitFor({ timeout: 10_000 });
    // The scan screen and any goodbye appear together: none here, and no name left on screen.
    expect(await page.getByRole('status', { name: 'Session ended' }).count()).toBe(0);
    expect(await page.getByText('Omar Farouk').count()).toBe(0);
  });

  it('goes straight back to "Scan your code" on a force end, with no goodbye; a normal end keeps its goodbye', async () => {
    const forced = await admin.mintSession('Noor Haddad');
    const first = await newTablet();
    const streamOpen = first.page.waitForResponse((res) => res.url().includes('/trpc/kiosk.events'));
    await first.page.goto(forced.redeemUrl);
    await heading(first.page, 'Hi, Noor Haddad!').waitFor({ timeout: 15_000 });
    await streamOpen;
    await admin.mutation('sessions.forceEnd', { sessionId: forced.sessionId, reason: 'Tablet needed elsewhere' });
    await heading(first.page, 'Scan your code').waitFor({ timeout: 10_000 });
    // The scan screen and any goodbye appear together: none here, and no name left on screen.
    expect(await first.page.getByRole('status', { name: 'Session ended' }).count()).toBe(0);
    expect(await first.page.getByText('Noor Haddad').count()).toBe(0);

    const graceful = await admin.mintSession('Ravi Shah');
    const second = await newTablet();
    await second.page.goto(graceful.redeemUrl);
    await heading(second.page, 'Hi, Ravi Shah!').waitFor({ timeout: 15_000 });
    await admin.mutation('sessions.end', { sessionId: graceful.sessionId });
    await heading(second.page, 'Scan your code').waitFor({ timeout: 10_000 });
    await eventually(() => second.page.getByRole('status', { name: 'Session ended' }).textContent()).toContain('Your session has ended');
  });

  // Last: it uses up this machine's failed-redemption allowance on the shared server.
  it('after too many wrong codes, says how long to wait', async () => {
    const { page } = await newTablet();
    await page.goto(`${server.url}/kiosk/`);
    await heading(page, 'Scan your code').waitFor();
    const alert = page.getByRole('alert');
    const field = page.getByLabel('Type your code');
    const start = page.getByRole('button', { name: 'Start' });
    for (let attempt = 0; attempt < 30; attempt++) {
      await field.fill('zzzz-zzzz');
      const answered = page.waitForResponse((res) => res.url().includes('/trpc/kiosk.redeem'));
      await start.click();
      const status = (await answered).status();
      if (status === 429) break;
      expect(status).toBe(404);
    }
    await eventually(() => alert.textContent()).toContain('Too many tries');
    // Words a child reads, not a clock ("8:46" reads as a time of day).
    await eventually(() => alert.textContent()).toMatch(/You can try again in (about \d+ minutes|about a minute|less than a minute)\./);
    await eventually(() => start.isDisabled()).toBe(true);
  });

  it('never hit the Content Security Policy', () => {
    expect(cspViolations).toEqual([]);
  });
});
