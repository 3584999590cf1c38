import { startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Enrollment, KioskSession, MintedSession, SessionSummary, TabletSummary } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';
import { launchChromiumFilming } from './fake-camera';

// Scanning a learner's card with the tablet camera, in real Chromium against the built server.
// The camera is Chromium's fake capture device playing a Y4M video of the card's QR code, made here
// from a freshly minted session's redeem link.

let server: PerchProcess;
let admin: AdminApi;
let minted: MintedSession;
let camera: Awaited<ReturnType<typeof launchChromiumFilming>>;

beforeAll(async () => {
  server = await startPerchServer();
  admin = await signInAdmin(server.url, server.admin);
  minted = await admin.mintSession('Kai Moreno');
  camera = await launchChromiumFilming(minted.redeemUrl);
});

afterAll(async () => {
  await camera?.close();
  await server?.stop();
});

describe('kiosk camera scanning in Chromium', () => {
  it('reads the QR code on the card through the camera and starts that learner’s session', async () => {
    const context = await camera.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    const redeems: string[] = [];
    page.on('request', (req) => {
      if (req.url().includes('/trpc/kiosk.redeem')) redeems.push(req.postData() ?? '');
    });

    await page.goto(`${server.url}/kiosk/`);
    await page.getByRole('heading', { level: 1, name: 'Scan your code' }).waitFor();
    // Headless Linux Chromium has no BarcodeDetector, so this run goes through the jsQR fallback
    // (canvas frames from the <video>). If a future Chromium ships one, this line says so.
    expect(await page.evaluate(() => 'BarcodeDetector' in window)).toBe(false);

    await page.getByRole('button', { name: 'Scan with camera' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hi, Kai Moreno!' }).waitFor({ timeout: 15_000 });

    // One redeem, carrying the code read from the video; the camera is off again.
    expect(redeems).toHaveLength(1);
    expect(redeems[0]).toContain(`"code":"${minted.redemptionCode}"`);
    expect(await page.locator('video').count()).toBe(0);

    // The tablet holds a live session (its cookie opens kiosk.me), and the admin sees it active.
    const me = await page.evaluate(async () => {
      const res = await fetch('/trpc/kiosk.me');
      return ((await res.json()) as { result: { data: KioskSession } }).result.data;
    });
    expect(me).toMatchObject({ sessionId: minted.sessionId, learnerName: 'Kai Moreno', state: 'active' });
    const sessions = await admin.query<SessionSummary[]>('sessions.list', { states: ['active'] });
    expect(sessions.map((s) => s.id)).toEqual([minted.sessionId]);
    await context.close();
  });

  it('on a tablet not enrolled yet, reads the “Add a tablet” QR code (not a learner’s card) and enrolls', async () => {
    await admin.mutation('tablets.setRedeemMode', { mode: 'enrolled' });
    const notEnrolled = 'This tablet is not enrolled';

    // The learner's card in front of the camera is not an enrollment code: it says so and keeps looking.
    const context = await camera.browser.newContext({ viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/kiosk/`);
    await page.getByRole('heading', { level: 1, name: notEnrolled }).waitFor();
    await page.getByRole('button', { name: 'Scan with camera' }).click();
    await page.getByRole('status').filter({ hasText: 'That QR code isn’t from “Add a tablet”. Scan the one on the Tablets page.' }).waitFor({ timeout: 15_000 });
    expect(await admin.query<TabletSummary[]>('tablets.list')).toEqual([]);
    await context.close();

    const enrollment = await admin.mutation<Enrollment>('tablets.createEnrollment', null);
    const enrollCamera = await launchChromiumFilming(enrollment.enrollUrl);
    try {
      const tablet = await enrollCamera.browser.newContext({ viewport: { width: 1024, height: 768 } });
      const screen = await tablet.newPage();
      await screen.goto(`${server.url}/kiosk/`);
      await screen.getByRole('heading', { level: 1, name: notEnrolled }).waitFor();
      await screen.getByRole('button', { name: 'Scan with camera' }).click();
      await screen.getByRole('heading', { level: 1, name: 'Scan your code' }).waitFor({ timeout: 15_000 });
      const [enrolled] = await admin.query<TabletSummary[]>('tablets.list');
      expect(enrolled?.name).toBe('Tablet 1');
      expect(await screen.locator('video').count()).toBe(0);
    } finally {
      await enrollCamera.close();
    }
  });
});
