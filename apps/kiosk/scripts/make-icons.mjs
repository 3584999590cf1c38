// Draws the kiosk's icons (favicon.svg and the PNGs the web manifest lists) from one SVG bird,
// rendered by Debian's Chromium. Run after changing the drawing: node scripts/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');

/** A yellow bird on a branch. `bleed`: fill the whole square (maskable) and keep the bird in the safe zone. */
function iconSvg({ bleed }) {
  const bird = `
    <rect x="92" y="372" width="340" height="30" rx="15" fill="#c9874a"/>
    <path d="M150 300 L70 350 L96 270 Z" fill="#f2a900"/>
    <ellipse cx="245" cy="285" rx="112" ry="90" fill="#ffc93c"/>
    <ellipse cx="222" cy="292" rx="62" ry="40" fill="#f2a900" transform="rotate(-18 222 292)"/>
    <circle cx="332" cy="200" r="66" fill="#ffc93c"/>
    <path d="M390 188 L446 206 L390 224 Z" fill="#ff7a45"/>
    <circle cx="350" cy="188" r="13" fill="#1d2433"/>
    <circle cx="354" cy="184" r="4" fill="#fff"/>
    <path d="M225 370 v-10 M275 370 v-10" stroke="#8a5a2b" stroke-width="12" stroke-linecap="round"/>`;
  const background = bleed
    ? '<rect width="512" height="512" fill="#0b5d5e"/>'
    : '<rect width="512" height="512" rx="112" fill="#0b5d5e"/>';
  // Maskable icons may be cropped to a circle of 80% diameter: shrink the bird to sit inside it.
  const transform = bleed ? 'translate(256 256) scale(0.72) translate(-256 -262)' : 'translate(0 -6)';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">${background}<g transform="${transform}">${bird}</g></svg>`;
}

const outputs = [
  { file: 'icon-192.png', size: 192, bleed: false },
  { file: 'icon-512.png', size: 512, bleed: false },
  { file: 'icon-maskable-512.png', size: 512, bleed: true },
  { file: 'apple-touch-icon.png', size: 180, bleed: true },
];

fs.writeFileSync(path.join(publicDir, 'favicon.svg'), `${iconSvg({ bleed: false })}\n`);
const browser = await chromium.launch({
  executablePath: process.env.PERCH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  for (const { file, size, bleed } of outputs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const svg = iconSvg({ bleed }).replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: path.join(publicDir, file), omitBackground: true });
    await page.close();
    console.log(`wrote public/${file} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
