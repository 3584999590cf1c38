import { call, connectAgent, launchChromium, startPerchServer, textOf, type PerchProcess } from '@perch/api/test';
import { DEFAULT_AGENT_POLICY, type CreateGrantOutput } from '@perch/shared';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, seedLearners, signIn, waitForProcedure } from './helpers';

const LABEL = 'Classroom assistant';

/** The shipped default, except that starting a session waits for an admin's approval. */
const APPROVAL_POLICY = {
  ...DEFAULT_AGENT_POLICY,
  tools: { ...DEFAULT_AGENT_POLICY.tools, maker_start_session: { ...DEFAULT_AGENT_POLICY.tools.maker_start_session, approval: 'required' } },
};

// Issue 10: the Agents page in Chromium, with the official MCP client playing the AI agent.
describe('Agents page in Chromium', () => {
  let perch: PerchProcess;
  let browser: Browser;
  let page: Page;
  let secret: string;
  let agent: Awaited<ReturnType<typeof connectAgent>>;

  const toolRow = (name: string) => page.locator(`tr[data-tool="${name}"]`);
  const requestCard = (id: string): Locator => page.locator(`article[data-request-id="${id}"]`);

  beforeAll(async () => {
    perch = await startPerchServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: perch.url });
    page = await context.newPage();
    await signIn(page, perch.url, perch.admin);
    await seedLearners(page, perch.url, [{ name: 'Ada Lovelace', age: 11 }, { name: 'Grace Hopper', age: 12 }]);
  });

  afterAll(async () => {
    await agent?.close();
    await browser?.close();
    await perch?.stop();
  });

  it('creates a grant whose secret is shown once, with a ready MCP client configuration', async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
    await page.getByText('No active grants').waitFor();
    await page.getByRole('button', { name: 'New grant' }).first().click();

    const form = page.getByRole('dialog', { name: 'New agent grant' });
    await form.getByRole('button', { name: 'Create grant' }).click();
    await form.getByText('Give the grant a label, such as the assistant’s name.').waitFor();
    expect(await form.getByRole('radio', { name: '90 days' }).isChecked()).toBe(true);
    await form.getByLabel('Label').fill(LABEL);
    await form.getByText('30 days').click();
    const created = waitForProcedure<CreateGrantOutput>(page, 'agents.grants.create');
    await form.getByRole('button', { name: 'Create grant' }).click();
    const answer = await created;

    const dialog = page.getByRole('dialog', { name: `Grant “${LABEL}” created` });
    secret = await dialog.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^perch_agent_[A-Za-z0-9_-]{43}$/);
    expect(secret).toBe(answer.secret);
    const config = JSON.parse(await dialog.getByLabel('MCP client configuration').inputValue()) as unknown;
    expect(config).toEqual({
      mcpServers: { perch: { type: 'http', url: `${perch.url}/mcp`, headers: { Authorization: `Bearer ${secret}` } } },
    });
    await dialog.getByText('it will not be shown again').waitFor();
    expect(Date.parse(answer.grant.expiresAt) - Date.parse(answer.grant.createdAt)).toBe(30 * 86_400_000);

    await dialog.getByRole('button', { name: 'Copy secret' }).click();
    await dialog.getByText('Secret copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await dialog.getByRole('button', { name: 'Copy configuration' }).click();
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(config);

    // Esc does not throw the secret away, not even pressed again (when Chrome closes the modal
    // regardless, it opens again); only a deliberate "Done" does.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.querySelector('dialog')?.open)).toBe(true);
    expect(await dialog.getByLabel('Secret').inputValue()).toBe(secret);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = page.getByRole('row', { name: new RegExp(LABEL) });
    await row.getByText('Active').waitFor();
    await row.getByRole('cell', { name: perch.admin.email }).waitFor();
    await row.getByText('never').waitFor();
    expect(await page.content()).not.toContain(secret);
  });

  it('refuses a malformed policy naming its JSON path, keeps the old one, then saves one that holds starts for approval', async () => {
    const editor = page.getByLabel('Policy (JSON)');
    expect(JSON.parse(await editor.inputValue())).toEqual(DEFAULT_AGENT_POLICY);
    await toolRow('maker_start_session').getByText('Allowed').waitFor();

    const malformed = { version: '1', default: 'deny', tools: { maker_start_session: { limits: [{ counter: 'starts', window: 'week', max: 5 }] } } };
    await editor.fill(JSON.stringify(malformed, null, 2));
    await page.getByRole('button', { name: 'Save policy' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The policy was not saved' });
    await refusal.getByText('tools.maker_start_session.limits[0].window', { exact: true }).waitFor();
    await refusal.getByText('window is one of second, minute, hour or day.').waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBe('true');

    // The previous policy is still the one in force.
    await page.reload();
    await page.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
    await page.getByText('This is the policy Perch ships with').waitFor();
    expect(JSON.parse(await editor.inputValue())).toEqual(DEFAULT_AGENT_POLICY);

    await editor.fill(JSON.stringify(APPROVAL_POLICY, null, 2));
    await page.getByRole('button', { name: 'Save policy' }).click();
    await page.getByText(`Saved by ${perch.admin.email}`).waitFor();
    await toolRow('maker_start_session').getByText('Needs approval').waitFor();
    await toolRow('maker_start_session').getByText('10 a minute per grant').waitFor();
    expect(await editor.getAttribute('aria-invalid')).toBeNull();
  });

  it('shows an agent’s call live; approving it hands the agent the minted code, declining tells it no', async () => {
    agent = await connectAgent(perch.url, secret);
    const listed = await call(agent, 'maker_list_learners');
    const ada = (listed.structuredContent as { learners: { id: string; name: string }[] }).learners.find((l) => l.name === 'Ada Lovelace')!;
    await page.getByText('Nothing is waiting for you.').waitFor();
    await page.getByText('Updating live').waitFor();

    const asked = await call(agent, 'maker_start_session', { learner_id: ada.id, duration_min: 45 });
    expect(asked.isError).toBeFalsy();
    const { requestId, approvalRequired } = asked.structuredContent as { requestId: string; approvalRequired: boolean };
    expect(approvalRequired).toBe(true);

    // It arrives over the event stream: no reload.
    const card = requestCard(requestId);
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getAttribute('data-state')).toBe('pending');
    await card.getByText(LABEL).waitFor();
    await card.getByText(`Ada Lovelace (${ada.id.slice(0, 8)}…)`).waitFor();
    await card.getByText('durationMin').waitFor();
    await card.getByText('in 15 min').waitFor();
    await page.getByText('1 waiting for your decision.').waitFor();
    expect(textOf(await call(agent, 'maker_get_request', { requestId }))).toMatch(/^Still waiting for an admin to approve maker_start_session/);

    await card.getByRole('button', { name: `Approve maker_start_session for ${LABEL}` }).click();
    await expect.poll(() => card.getAttribute('data-state')).toBe('approved');
    await card.getByText(`Approved by ${perch.admin.email}`).waitFor();

    const result = await call(agent, 'maker_get_request', { requestId });
    expect(result.isError).toBeFalsy();
    const minted = result.structuredContent as Record<string, unknown>;
    expect(minted).toMatchObject({ learnerName: 'Ada Lovelace', redemptionCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) });
    expect(minted).not.toHaveProperty('token');
    expect(textOf(result)).toContain(minted.redemptionCode as string);
    // The outcome follows live: it ran, once.
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    await card.getByText(`ran for ${LABEL}`).waitFor();

    // A second request, seen beside the finished one (the README's screenshot), then declined.
    const again = await call(agent, 'maker_start_session', { learnerId: ada.id, durationMin: 30 });
    const second = requestCard((again.structuredContent as { requestId: string }).requestId);
    await second.waitFor({ timeout: 15_000 });
    // Tall enough to show the requests and the grants table below them.
    await page.setViewportSize({ width: 1280, height: 960 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole('row', { name: new RegExp(LABEL) }).getByText('just now').waitFor();
    await screenshot(page, 'admin-agents');
    await page.setViewportSize({ width: 1280, height: 820 });
    await second.getByRole('button', { name: `Decline maker_start_session for ${LABEL}` }).click();
    await expect.poll(() => second.getAttribute('data-state')).toBe('declined');
    await second.getByText('It did not run').waitFor();
    const declined = await call(agent, 'maker_get_request', { requestId: (again.structuredContent as { requestId: string }).requestId });
    expect(textOf(declined)).toMatch(/^An admin declined maker_start_session; it did not run/);
  });

  it('revoking the grant refuses the agent’s next call; the audit log shows its calls under its label', async () => {
    await page.reload();
    const row = page.getByRole('row', { name: new RegExp(LABEL) });
    await row.getByText('just now').waitFor();
    await page.getByRole('button', { name: `Revoke ${LABEL}` }).click();
    const confirm = page.getByRole('dialog', { name: `Revoke “${LABEL}”?` });
    await confirm.getByRole('button', { name: 'Revoke grant' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('No active grants').waitFor();
    await page.getByLabel('Show revoked and expired').check();
    await row.getByText('Revoked', { exact: true }).waitFor();

    await expect(call(agent, 'maker_list_learners')).rejects.toThrow(/unknown, revoked or expired/);

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Who').selectOption('agent');
    await page.getByRole('cell', { name: 'Agent asked for approval' }).first().waitFor();
    const who = await page.locator('table.table-audit tbody tr td:nth-child(2)').allTextContents();
    expect(who.length).toBeGreaterThan(0);
    expect(new Set(who)).toEqual(new Set([`Agent “${LABEL}”`]));
  });
});
