import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin, type AdminApi } from './admin-api';

// A Spanish browser (its languages say es-ES) gets both apps in Spanish from the first screen, and
// the language switch of each changes it in place and is remembered on that browser.

let server: PerchProcess;
let admin: AdminApi;
let browser: Browser;

beforeAll(async () => {
  server = await startPerchServer();
  admin = await signInAdmin(server.url, server.admin);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

describe('a Spanish browser', () => {
  it('gets the kiosk in Spanish, a learner greeted and counted down in Spanish, and English at a tap', async () => {
    const page = await (await browser.newContext({ locale: 'es-ES' })).newPage();
    await page.goto(`${server.url}/kiosk/`);
    await page.getByRole('heading', { level: 1, name: 'Escanea tu código' }).waitFor({ timeout: 30_000 });
    expect(await lang(page)).toBe('es');
    await page.getByLabel('Escribe tu código').fill('ZZZZ-2345');
    await page.getByRole('button', { name: 'Empezar' }).click();
    await page.getByRole('heading', { level: 2, name: 'No encontramos ese código' }).waitFor({ timeout: 30_000 });

    const minted = await admin.mintSession('Lucía Pérez', { durationMin: 30 });
    // A fresh launch with the card's link (a fragment change alone would not relaunch the app).
    await page.goto('about:blank');
    await page.goto(minted.redeemUrl);
    await page.getByRole('heading', { level: 1, name: '¡Hola, Lucía Pérez!' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('timer').getAttribute('aria-label')).toMatch(/^Quedan unos (29|30) minutos$/);

    await page.getByRole('group', { name: 'Idioma' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hi, Lucía Pérez!' }).waitFor({ timeout: 30_000 });
    expect(await lang(page)).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Hi, Lucía Pérez!' }).waitFor({ timeout: 30_000 });
    await page.context().close();
  });

  it('gets the admin app in Spanish, and the language choice switches it', async () => {
    const page = await (await browser.newContext({ locale: 'es-ES' })).newPage();
    await page.goto(`${server.url}/admin/`);
    await page.getByRole('heading', { level: 1, name: 'Iniciar sesión' }).waitFor({ timeout: 30_000 });
    expect(await lang(page)).toBe('es');
    await page.getByLabel('Correo electrónico').fill(server.admin.email);
    await page.getByLabel('Contraseña').fill(server.admin.password);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alumnos' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Sesiones en curso' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sesiones en curso' }).waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Sesiones en curso · Perch admin');

    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Live sessions' }).waitFor({ timeout: 30_000 });
    expect(await lang(page)).toBe('en');
    expect(await page.getByRole('link', { name: 'Learners' }).count()).toBe(1);
    await page.context().close();
  });
});
