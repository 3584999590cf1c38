// The two web apps as a browser first meets them: the JavaScript a first visit downloads before
// anything shows, and (kiosk) how long a redeem link takes to show the learner's name.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { launchChromium } from '../../apps/api/src/test/e2e.ts';
import { adminWithClass } from './perch-api.mjs';
import { root, startPerch } from './processes.mjs';

export const NAME_RUNS = Number(process.env.BENCH_KIOSK_RUNS ?? 15);

/**
 * The entry script and every chunk index.html preloads: what must arrive before the first screen.
 * Sizes are raw and gzip (zlib's default level, as most servers and `vite build` report them).
 */
export function firstLoadJs(app) {
  const dist = path.join(root, 'apps', app, 'dist');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const tags = html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\/[^/]+\/([^"]+\.js)"/g);
  const files = [...new Set([...tags].map((m) => m[1]))];
  const size = (file) => {
    const bytes = fs.readFileSync(path.join(dist, file));
    return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
  };
  const first = files.map(size);
  const all = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js')).map((f) => size(`assets/${f}`));
  const sum = (list, key) => list.reduce((n, f) => n + f[key], 0);
  return { first, raw: sum(first, 'raw'), gzip: sum(first, 'gzip'), chunks: all.length, allGzip: sum(all, 'gzip') };
}

// Runs in the page before its own scripts: notes when an <h1> greeting the learner is first
// painted (the frame after it enters the DOM), in ms since navigation start.
const MARK_NAME = () => {
  new MutationObserver((_, observer) => {
    const h1 = document.querySelector('h1');
    if (h1?.textContent?.startsWith('Hi, ')) {
      observer.disconnect();
      requestAnimationFrame(() => (window.__perchNameShownAt = performance.now()));
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

/**
 * Opens a fresh redeem link `runs` times, each in a new browser context (a fresh profile: no
 * cache, no cookie, no service worker). `painted`: the page's own clock, navigation start → the frame
 * that shows the learner's name. `seen`: the test's clock, from asking Chromium to open the link to
 * finding the heading (adds Playwright's round trips).
 */
export async function timeToName(runs = NAME_RUNS) {
  const perch = await startPerch({ host: 'localhost' });
  const browser = await launchChromium();
  try {
    const klass = await adminWithClass(perch.url, 1);
    const mint = async () => {
      const res = await fetch(`${perch.url}/trpc/sessions.start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: klass.admin },
        body: JSON.stringify({ learnerId: klass.learnerIds[0], onExisting: 'keep' }),
      });
      return (await res.json()).result.data.redeemUrl;
    };
    const once = async () => {
      const url = await mint();
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      try {
        const page = await context.newPage();
        await page.addInitScript(MARK_NAME);
        const started = performance.now();
        await page.goto(url, { waitUntil: 'commit' });
        await page.getByRole('heading', { level: 1, name: /^Hi, / }).waitFor({ timeout: 15_000 });
        const seen = performance.now() - started;
        await page.waitForFunction(() => window.__perchNameShownAt !== undefined, undefined, { timeout: 15_000 });
        return { painted: await page.evaluate(() => window.__perchNameShownAt), seen };
      } finally {
        await context.close();
      }
    };
    await once(); // The browser's own first page (its code caches, its processes) is not counted.
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await once());
    const stats = (key) => {
      const t = samples.map((s) => s[key]).sort((a, b) => a - b);
      return { median: t[Math.floor(t.length / 2)], min: t[0], max: t.at(-1) };
    };
    return { runs, painted: stats('painted'), seen: stats('seen') };
  } finally {
    await browser.close();
    await perch.stop();
  }
}
