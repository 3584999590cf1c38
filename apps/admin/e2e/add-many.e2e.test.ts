import { launchChromium, startPerchServer, type PerchProcess } from '@perch/api/test';
import type { CreateManyLearnersOutput } from '@perch/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, seriousViolations } from './axe';
import { screenshot, seedLearners, signIn, waitForProcedure } from './helpers';

// Issue 13 item 7: many learners at once, in the built app served by the built API (`pnpm build` first).
describe('Add many learners in Chromium', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    // bypassCSP only so axe can be injected as an inline script; the app's own CSP is tested elsewhere.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn(page, perch.url, perch.admin);
  });

  afterAll(async () => {
    await browser?.close();
    await perch?.stop();
  });

  const openAddMany = async () => {
    await page.getByRole('button', { name: 'Add many' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add many learners' });
    await dialog.waitFor();
    return dialog;
  };

  it('pastes three names, previews them, takes one consent, adds them all and lists them', async () => {
    const dialog = await openAddMany();
    await dialog.getByLabel('Learners').fill('Ada Lovelace\nGrace Hopper\nTheo Okafor\n');
    await dialog.getByRole('button', { name: 'Preview' }).click();

    const table = dialog.getByRole('table', { name: 'Learners to add' });
    await table.waitFor();
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Theo Okafor']);
    expect(await table.getByText('Ready').count()).toBe(3);

    await dialog.getByRole('checkbox', { name: /consent from each/ }).check();
    const answer = waitForProcedure<CreateManyLearnersOutput>(page, 'learners.createMany');
    await dialog.getByRole('button', { name: 'Add 3 learners' }).click();
    expect((await answer).learners.map((l) => l.name)).toEqual(['Ada Lovelace', 'Grace Hopper', 'Theo Okafor']);
    await dialog.waitFor({ state: 'detached' });

    for (const name of ['Ada Lovelace', 'Grace Hopper', 'Theo Okafor']) {
      await page.getByRole('rowheader', { name: new RegExp(name) }).waitFor({ timeout: 15_000 });
    }
    await page.getByText('3 learners', { exact: true }).waitFor();
  });

  it('shows problems on their lines, asks about names already listed, and adds the list once they are settled', async () => {
    await seedLearners(page, perch.url, [{ name: 'Maya Chen', age: 12 }]);
    const dialog = await openAddMany();
    // A CSV as Excel writes it where the decimal mark is a comma: semicolons, a heading line.
    await dialog.getByLabel('Learners').fill('Name;Age;Notes\nSam Rivera;14;Robotics club\nmaya chen;11;\n;9;\nZoe Park;2;"Left-handed; big stylus"');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const rowOf = (name: string) => dialog.locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) });
    await rowOf('Zoe Park').getByText('Age must be between 3 and 100.').waitFor();
    await dialog.locator('tr[data-line="4"]').getByText('Enter the learner’s name.').waitFor();
    await dialog.getByText('4 learners · 2 lines need fixing').waitFor();
    await dialog.getByRole('checkbox', { name: /consent from each/ }).check();
    await dialog.getByRole('button', { name: 'Add 4 learners' }).click();
    await dialog.getByText(/Nothing was added yet: 2 lines need fixing/).waitFor();
    await screenshot(dialog, 'admin-add-many');
    const violations = await seriousViolations(page);
    expect(violations, describeViolations('add-many preview with line errors', violations)).toEqual([]);

    await dialog.getByRole('button', { name: 'Back to the list' }).click();
    await dialog.getByLabel('Learners').fill('Name;Age;Notes\nSam Rivera;14;Robotics club\nmaya chen;11;\nZoe Park;8;"Left-handed; big stylus"');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    await dialog.getByRole('button', { name: 'Add 3 learners' }).click();

    // The server knows Maya Chen already: nothing is added, and her line says so.
    await rowOf('maya chen').getByText('There is already a learner called “Maya Chen”.').waitFor({ timeout: 15_000 });
    const listed = await page.request.get(`${perch.url}/trpc/learners.list?input=${encodeURIComponent(JSON.stringify({ search: 'sam' }))}`);
    expect(((await listed.json()) as { result: { data: unknown[] } }).result.data).toEqual([]);
    await dialog.getByRole('checkbox', { name: 'They are different people: add them anyway' }).check();
    await dialog.getByRole('button', { name: 'Add 3 learners' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel('Search learners').fill('maya');
    await expect.poll(() => page.getByRole('rowheader', { name: /maya chen/i }).count(), { timeout: 15_000 }).toBe(2);
    await page.getByLabel('Search learners').fill('zoe');
    await page.getByRole('rowheader', { name: /Zoe Park.*Left-handed; big stylus/ }).waitFor({ timeout: 15_000 });
  });
});
