import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Locator, Page, Response } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SCREENSHOTS = process.env.PERCH_SCREENSHOTS === '1';

/** Decodes the QR code an element shows on screen, as a phone camera would see it. */
export async function decodeQr(element: Locator): Promise<string | null> {
  const png = PNG.sync.read(await element.screenshot());
  const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
  return jsQR(pixels, png.width, png.height)?.data ?? null;
}

/** The result of one procedure in a tRPC (batched) HTTP response, as the browser received it. */
export async function trpcResult<T>(response: Response, procedure: string): Promise<T> {
  const paths = new URL(response.url()).pathname.replace(/^.*\/trpc\//, '').split(',');
  const body = (await response.json()) as unknown;
  const entries = Array.isArray(body) ? body : [body];
  const entry = entries[paths.indexOf(procedure)] as { result?: { data?: T }; error?: unknown } | undefined;
  if (!entry?.result) throw new Error(`${procedure} failed: ${JSON.stringify(entry?.error ?? body)}`);
  return entry.result.data as T;
}

/** Waits for the browser's call to `procedure` (batched or not) and returns its result. */
export function waitForProcedure<T>(page: Page, procedure: string): Promise<T> {
  return page
    .waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.includes(`/trpc/`) && r.url().includes(procedure))
    .then((r) => trpcResult<T>(r, procedure));
}

/** Writes docs/screenshots/<name>.png, only when PERCH_SCREENSHOTS=1 (they are committed). */
export async function screenshot(target: Page | Locator, name: string, options: { fullPage?: boolean } = {}) {
  if (!SCREENSHOTS) return;
  const file = path.join(repoRoot, 'docs/screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if ('goto' in target) await target.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  else await target.screenshot({ path: file, animations: 'disabled' });
}

export async function signIn(page: Page, baseUrl: string, admin: { email: string; password: string }) {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Learners', level: 1 }).waitFor();
}

/** A mutation's answer, called straight through the API with the page's own cookie (for setting a scene). */
export async function mutate<T>(page: Page, baseUrl: string, procedure: string, input: unknown): Promise<T> {
  const res = await page.request.post(`${baseUrl}/trpc/${procedure}`, { data: input });
  if (!res.ok()) throw new Error(`${procedure} failed: ${res.status()} ${await res.text()}`);
  return ((await res.json()) as { result: { data: T } }).result.data;
}

/** Adds learners straight through the API with the page's own cookie (for setting a scene). */
export async function seedLearners(page: Page, baseUrl: string, learners: { name: string; age?: number; notes?: string }[]) {
  for (const learner of learners) {
    const res = await page.request.post(`${baseUrl}/trpc/learners.create`, { data: { ...learner, consent: true } });
    if (!res.ok()) throw new Error(`seeding ${learner.name} failed: ${res.status()} ${await res.text()}`);
  }
}
