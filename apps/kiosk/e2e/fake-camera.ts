import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@perch/api/test';

const WIDTH = 640;
const HEIGHT = 480;
const MODULE_PX = 8;
const FRAMES = 3;
const BLACK = 16;
const WHITE = 235;

/**
 * The luma plane of one camera frame showing `text` as a QR code: dark modules on a white page,
 * centred, with the white quiet zone around it that a reader needs to find the code.
 */
function qrLuma(text: string): Uint8Array {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = modules.size * MODULE_PX;
  const quietZone = 4 * MODULE_PX;
  if (side + 2 * quietZone > HEIGHT) throw new Error(`A ${modules.size}-module QR code does not fit a ${HEIGHT}px frame`);
  const left = Math.floor((WIDTH - side) / 2);
  const top = Math.floor((HEIGHT - side) / 2);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(WHITE);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (modules.get(Math.floor(y / MODULE_PX), Math.floor(x / MODULE_PX))) luma[(top + y) * WIDTH + left + x] = BLACK;
    }
  }
  return luma;
}

/**
 * Writes a Y4M video (4:2:0, grey: chroma all 128) of a QR code for `text`, for Chromium's
 * `--use-file-for-fake-video-capture`. Chromium loops the file, so a few identical frames do.
 */
export function writeQrVideo(text: string, file: string): void {
  const luma = qrLuma(text);
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2) * 2).fill(128);
  const parts: Uint8Array[] = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F15:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < FRAMES; i++) parts.push(Buffer.from('FRAME\n'), luma, chroma);
  fs.writeFileSync(file, Buffer.concat(parts));
}

/**
 * A Chromium whose only camera is a video of a QR code for `text`; the permission prompt is
 * answered "allow" automatically. `close()` also removes the video file.
 */
export async function launchChromiumFilming(text: string): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-fake-camera-'));
  const video = path.join(dir, 'qr.y4m');
  writeQrVideo(text, video);
  const browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
  return {
    browser,
    close: async () => {
      await browser.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
