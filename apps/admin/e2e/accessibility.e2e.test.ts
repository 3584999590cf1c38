import { call, connectAgent, launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { seedLearners, signIn } from './helpers';

// Issue 4: the admin app is labelled for screen readers. axe-core checks each screen against WCAG 2.1 A/AA.
describe('admin app accessibility (axe-core, WCAG 2.1 AA)', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let page: Page;

  const expectAccessible = async (scene: string) => {
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(scene, violations)).toEqual([]);
  };

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    // Only so axe can be injected as an inline script; the app's own CSP is tested elsewhere.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 820 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  it('sign-in page, before and after a wrong password', async () => {
    await page.goto(`${perch.url}/admin/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible('sign-in page');

    await page.getByLabel('Email').fill(perch.admin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expectAccessible('sign-in page with a wrong-password error');
  });

  it('learners list, and the add-learner dialog showing field errors', async () => {
    await signIn(page, perch.url, perch.admin);
    await seedLearners(page, perch.url, [
      { name: 'Maya Chen', age: 12, notes: 'Prefers the left-handed stylus' },
      { name: 'Theo Okafor', age: 9 },
      { name: 'Sam Rivera', age: 14, notes: 'Robotics club' },
    ]);
    await page.reload();
    await page.getByRole('rowheader', { name: /Sam Rivera/ }).waitFor();
    await expectAccessible('learners list');

    await page.getByRole('button', { name: 'Add learner' }).click();
    const form = page.getByRole('dialog', { name: 'Add a learner' });
    await form.getByLabel(/^Age/).fill('101');
    await form.getByRole('button', { name: 'Add learner' }).click();
    await form.getByText('Confirm that you have consent').waitFor();
    await expectAccessible('add-learner dialog with field errors');
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
  });

  it('start-session dialog with its QR, code and countdown', async () => {
    await page.getByRole('button', { name: 'Start session for Maya Chen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a session for Maya Chen' });
    await expectAccessible('start-session options');
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await dialog.getByRole('img', { name: /QR code/ }).waitFor();
    await dialog.getByText(/Code expires in \d+:\d\d/).waitFor();
    await expectAccessible('start-session dialog showing the code');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Maya's card still waits: a second start asks first.
    await page.getByRole('button', { name: 'Start session for Maya Chen' }).click();
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await dialog.getByRole('button', { name: 'End that one and start a new one' }).waitFor();
    await expectAccessible('start-session dialog asking about the learner’s other session');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('start a class with learners picked, then its print sheet', async () => {
    await page.getByRole('link', { name: 'Start a class' }).click();
    for (const name of ['Theo Okafor', 'Sam Rivera']) await page.getByRole('checkbox', { name: new RegExp(name) }).check();
    await page.getByLabel(/^Class label/).fill('Robotics, Tuesday');
    await page.getByText('2 of at most 50 selected').waitFor();
    await expectAccessible('start a class with learners picked');

    await page.getByRole('button', { name: 'Start 2 sessions' }).click();
    await page.getByRole('button', { name: 'Print sheet' }).waitFor();
    // A plain <div> with aria-label names nothing (axe: aria-prohibited-attr); the sheet is a named region.
    await page.getByRole('region', { name: 'Printable QR sheet' }).getByRole('article', { name: 'Card for Sam Rivera' }).waitFor();
    await expectAccessible('print sheet');
  });

  it('live sessions with rows, and the audit log', async () => {
    await page.getByRole('link', { name: 'Live sessions' }).click();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(3);
    await expectAccessible('live sessions');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'Session started' }).first().waitFor();
    await expectAccessible('audit log');
  });

  it('help, and its links to the screens it speaks of', async () => {
    await page.getByRole('link', { name: 'Help' }).click();
    await page.getByRole('heading', { name: 'Help', level: 1 }).waitFor();
    await expectAccessible('help');
    // Each topic ends with a link to where it is done: it opens that screen without a reload.
    await page.getByRole('region', { name: 'A tablet is lost or stolen' }).getByRole('link', { name: 'Go to Tablets' }).click();
    await page.getByRole('heading', { name: 'Tablets', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/tablets');
  });

  it('agents page: the new-grant dialog, its once-shown secret, a waiting request and a refused policy', async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
    await page.getByText('No requests yet').waitFor();
    await page.getByRole('button', { name: 'New grant' }).first().click();
    const form = page.getByRole('dialog', { name: 'New agent grant' });
    await form.getByRole('button', { name: 'Create grant' }).click();
    await form.getByText('Give the grant a label').waitFor();
    await expectAccessible('new-grant dialog with a field error');
    await form.getByLabel('Label').fill('Classroom assistant');
    await form.getByRole('button', { name: 'Create grant' }).click();
    const created = page.getByRole('dialog', { name: 'Grant “Classroom assistant” created' });
    const secret = await created.getByLabel('Secret').inputValue();
    await expectAccessible('grant secret dialog');
    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'detached' });

    // The shipped policy holds maker_archive_learner for an admin's approval.
    const agent = await connectAgent(perch.url, secret);
    try {
      const { learners } = (await call(agent, 'maker_list_learners')).structuredContent as { learners: { id: string; name: string }[] };
      const maya = learners.find((l) => l.name === 'Maya Chen')!;
      await call(agent, 'maker_archive_learner', { learnerId: maya.id });
      await page.getByRole('button', { name: 'Approve maker_archive_learner for Classroom assistant' }).waitFor({ timeout: 15_000 });
      await expectAccessible('agents page with a waiting request and a grant');
    } finally {
      await agent.close();
    }

    await page.getByLabel('Policy (JSON)').fill('{ "version": "2", "default": "maybe" }');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByRole('alert').filter({ hasText: 'The policy was not saved' }).waitFor();
    await expectAccessible('policy editor refusing a malformed policy');
  });
});
