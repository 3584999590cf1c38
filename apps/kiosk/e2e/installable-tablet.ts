import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@perch/api/test';

/**
 * A tablet with a real on-disk profile. Chromium reports every off-the-record context (which
 * `browser.newContext()` gives) as not installable ("in-incognito"), so the installability check
 * needs a persistent one. Same Chromium and flags as launchChromium() from '@perch/api/test'.
 */
export async function launchInstallableTablet(viewport: { width: number; height: number }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-kiosk-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport,
    deviceScaleFactor: 1,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
