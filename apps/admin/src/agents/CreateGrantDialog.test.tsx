// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { created } from '../test/agents-fixtures';
import { fakeApi } from '../test/fake-api';
import { serverError } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { CreateGrantDialog } from './CreateGrantDialog';

describe('CreateGrantDialog', () => {
  afterEach(cleanup);

  it('checks the label with the shared contract before asking the server, and offers 90 days by default', () => {
    const api = fakeApi({});
    renderWithApi(<CreateGrantDialog onClose={() => {}} />, api.client);
    const dialog = screen.getByRole('dialog', { name: 'New agent grant' });
    expect((within(dialog).getByRole('radio', { name: '90 days' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create grant' }));
    expect(within(dialog).getByText('Give the grant a label, such as the assistant’s name.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Label').getAttribute('aria-invalid')).toBe('true');
    expect(api.calls).toEqual([]);
  });

  it('shows the secret and a ready client configuration once, and leaves only by “Done”', async () => {
    const answer = created('Claude for Room 4');
    const api = fakeApi({ 'agents.grants.create': () => answer }, { 'agents.grants.list': [] });
    const onClose = vi.fn();
    renderWithApi(<CreateGrantDialog onClose={onClose} />, api.client);
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: '  Claude for Room 4 ' } });
    fireEvent.click(screen.getByRole('radio', { name: '7 days' }));
    fireEvent.click(screen.getByRole('button', { name: 'Create grant' }));

    const dialog = await screen.findByRole('dialog', { name: 'Grant “Claude for Room 4” created' });
    expect(api.inputsOf('agents.grants.create')).toEqual([{ label: 'Claude for Room 4', expiresInDays: 7 }]);
    expect((within(dialog).getByLabelText('Secret') as HTMLInputElement).value).toBe(answer.secret);
    const config = (within(dialog).getByLabelText('MCP client configuration') as HTMLTextAreaElement).value;
    expect(JSON.parse(config)).toEqual({
      mcpServers: { perch: { type: 'http', url: 'http://localhost:3000/mcp', headers: { Authorization: `Bearer ${answer.secret}` } } },
    });
    expect(within(dialog).getByText(/it will not be shown again/)).toBeTruthy();
    // No close button: the secret goes away only when the admin says they are done.
    expect(within(dialog).queryByRole('button', { name: 'Close' })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('puts the server’s refusal next to the field it is about', async () => {
    const api = fakeApi({
      'agents.grants.create': () => {
        throw serverError('BAD_REQUEST', 'A label can be at most 80 characters.', {
          reason: 'VALIDATION',
          fieldErrors: { label: 'A label can be at most 80 characters.' },
        });
      },
    });
    renderWithApi(<CreateGrantDialog onClose={() => {}} />, api.client);
    fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'Room 4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create grant' }));
    await waitFor(() => expect(screen.getByText('A label can be at most 80 characters.')).toBeTruthy());
    expect(screen.getByLabelText('Label').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
