// @vitest-environment happy-dom
import { agentPolicySchema, DEFAULT_AGENT_POLICY, SEED_POLICY } from '@perch/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, policyView, TOOLS } from '../test/agents-fixtures';
import { fakeApi } from '../test/fake-api';
import { serverError } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { PolicySection } from './PolicySection';

const WINDOW_ISSUE = 'tools.maker_start_session.limits[0].window: window is one of second, minute, hour or day.';

describe('PolicySection', () => {
  afterEach(cleanup);

  it('lists each refused problem by its JSON path, and keeps the admin’s text to fix', async () => {
    const api = fakeApi(
      {
        'agents.policy.update': () => {
          throw serverError('BAD_REQUEST', WINDOW_ISSUE, {
            reason: 'VALIDATION',
            fieldErrors: {
              'tools.maker_start_session.limits[0].window': WINDOW_ISSUE,
              _: 'The policy is not valid JSON: Unexpected end of JSON input',
            },
          });
        },
      },
      { 'agents.policy.get': policyView(), 'agents.tools.list': TOOLS },
    );
    renderWithApi(<PolicySection />, api.client);
    const editor = (await screen.findByLabelText('Policy (JSON)')) as HTMLTextAreaElement;
    expect(JSON.parse(editor.value)).toEqual(DEFAULT_AGENT_POLICY);
    expect((screen.getByRole('button', { name: 'Save policy' }) as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(editor, { target: { value: '{ "version": "1", "tools": {' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^!The policy was not saved; the one in force is unchanged\. Fix these 2 problems:/);
    const items = within(alert).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'tools.maker_start_session.limits[0].window window is one of second, minute, hour or day.',
      ' The policy is not valid JSON: Unexpected end of JSON input',
    ]);
    expect(within(alert).getByText('tools.maker_start_session.limits[0].window').tagName).toBe('CODE');
    expect(editor.getAttribute('aria-invalid')).toBe('true');
    expect(editor.getAttribute('aria-describedby')).toContain(alert.parentElement!.id);
    expect(editor.value).toBe('{ "version": "1", "tools": {');
    expect(api.inputsOf('agents.policy.update')).toEqual([{ text: '{ "version": "1", "tools": {' }]);
  });

  it('saves a valid policy and shows who saved it and what it now does', async () => {
    const saved = policyView({
      text: JSON.stringify(SEED_POLICY, null, 2),
      policy: agentPolicySchema.parse(SEED_POLICY),
      source: 'database',
      updatedAt: '2026-03-01T10:00:00.000Z',
      updatedBy: ADMIN_EMAIL,
    });
    const api = fakeApi({ 'agents.policy.update': () => saved }, { 'agents.policy.get': policyView(), 'agents.tools.list': TOOLS });
    renderWithApi(<PolicySection />, api.client);
    const editor = (await screen.findByLabelText('Policy (JSON)')) as HTMLTextAreaElement;
    const row = (name: string) => screen.getByRole('rowheader', { name: new RegExp(name) }).closest('tr')!;
    await waitFor(() => expect(row('maker_list_learners').textContent).toContain('Allowed'));
    expect(row('maker_revoke_batch').textContent).toContain('Needs approval');

    fireEvent.change(editor, { target: { value: saved.text } });
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await screen.findByText(new RegExp(`^Saved by ${ADMIN_EMAIL} on`));
    expect(screen.getByRole('status').textContent).toBe('Policy saved. It applies from the next agent call.');
    expect(row('maker_list_learners').textContent).toContain('Not allowed (unlisted)');
    expect(row('maker_start_session').textContent).toContain('10 a minute per grant');
  });

  it('is read-only, and says why, when PERCH_POLICY_FILE pins the policy', async () => {
    const api = fakeApi({}, {
      'agents.policy.get': policyView({ source: 'file', readOnly: true, filePath: '/etc/perch/policy.json' }),
      'agents.tools.list': TOOLS,
    });
    renderWithApi(<PolicySection />, api.client);
    const editor = (await screen.findByLabelText('Policy (JSON)')) as HTMLTextAreaElement;
    expect(editor.readOnly).toBe(true);
    expect(screen.getByText(/pinned by PERCH_POLICY_FILE \(\/etc\/perch\/policy\.json\), so it cannot be changed here/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save policy' })).toBeNull();
  });

  it('says plainly when the saved policy cannot be read and every agent call is refused, until a valid one is saved', async () => {
    const damaged = policyView({
      text: '{ "version": "1", "default": "al',
      policy: agentPolicySchema.parse({ version: '1', default: 'deny', hide: ['*'] }),
      source: 'database',
      unreadable: true,
      updatedAt: '2026-03-01T10:00:00.000Z',
      updatedBy: null,
    });
    const repaired = policyView({ source: 'database', updatedAt: '2026-03-01T11:00:00.000Z', updatedBy: ADMIN_EMAIL });
    const api = fakeApi({ 'agents.policy.update': () => repaired }, { 'agents.policy.get': damaged, 'agents.tools.list': TOOLS });
    renderWithApi(<PolicySection />, api.client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      '!The saved policy cannot be read, so every agent call is refused and every tool hidden until a valid policy is saved. ' +
        'Fix the text below, or put back the shipped default, and save.',
    );
    const editor = screen.getByLabelText('Policy (JSON)') as HTMLTextAreaElement;
    expect(editor.value).toBe(damaged.text);

    fireEvent.click(screen.getByRole('button', { name: 'Put back the shipped default' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save policy' }));
    await screen.findByText(new RegExp(`^Saved by ${ADMIN_EMAIL} on`));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
