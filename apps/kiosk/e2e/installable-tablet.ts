import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * A tablet with a real on-disk profile. Chromium reports every off-the-record context (which
 * `browser.newContext()` gives) as not installable ("in-incognito"), so the installability check
 * needs a persistent one. Same Chromium and flags as launchChromium() from '@perch/api/test'.
 */
export async function launchInstallableTablet(viewport: { width: number; height: number }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-kiosk-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PERCH_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
