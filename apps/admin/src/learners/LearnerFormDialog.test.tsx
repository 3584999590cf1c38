// @vitest-environment happy-dom
import type { Learner } from '@perch/shared';
import type { Operation } from '@trpc/client';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { fakeClient, serverError } from '../test/fake-client';

const ADMIN = { id: '7f1c9a52-3b8e-4d2a-9f61-0c5e2d4b8a11', email: 'teacher@example.org' };
const learner = (input: Record<string, unknown>): Learner => ({
  id: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b',
  name: String(input.name),
  age: (input.age as number | null | undefined) ?? null,
  notes: (input.notes as string | null | undefined) ?? null,
  consentAt: '2026-03-01T10:00:00.000Z',
  createdAt: '2026-03-01T10:00:00.000Z',
  archivedAt: null,
});

/** A fake API: who is signed in can change mid-test, as when the admin cookie lapses. */
function fakeApi(overrides: Record<string, (input: unknown) => unknown> = {}) {
  const state = { signedIn: true, calls: [] as Operation[] };
  const signedOut = () => serverError('UNAUTHORIZED', 'Please sign in as an admin to do that.', { httpStatus: 401, reason: 'NOT_SIGNED_IN' });
  const client = fakeClient((op) => {
    state.calls.push(op);
    if (op.path === 'auth.login') {
      state.signedIn = true;
      return ADMIN;
    }
    if (!state.signedIn) throw signedOut();
    const override = overrides[op.path];
    if (override) return override(op.input);
    if (op.path === 'auth.me') return ADMIN;
    if (op.path === 'learners.list') return [];
    if (op.path === 'sessions.list') return [];
    if (op.path === 'learners.create') return learner(op.input as Record<string, unknown>);
    throw new Error(`unexpected call ${op.path}`);
  });
  const inputsOf = (path: string) => state.calls.filter((c) => c.path === path).map((c) => c.input);
  return { state, client, inputsOf };
}

async function openAddLearner() {
  await screen.findByRole('heading', { name: 'Learners', level: 1 });
  fireEvent.click(screen.getByRole('button', { name: 'Add learner' }));
  return screen.findByRole('dialog', { name: 'Add a learner' });
}

const type = (field: HTMLElement, value: string) => fireEvent.change(field, { target: { value } });

describe('learner form', () => {
  afterEach(cleanup);

  it('checks the input with the shared rules before anything reaches the server', async () => {
    const api = fakeApi();
    render(<App client={api.client} />);
    const dialog = await openAddLearner();

    type(within(dialog).getByLabelText('Name'), '   ');
    type(within(dialog).getByLabelText(/^Age/), '2');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add learner' }));

    expect(within(dialog).getByText('Enter the learner’s name.')).toBeTruthy();
    expect(within(dialog).getByText('Age must be between 3 and 100.')).toBeTruthy();
    expect(within(dialog).getByText('Confirm that you have consent to add this learner.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(api.inputsOf('learners.create')).toEqual([]);

    type(within(dialog).getByLabelText('Name'), 'Ada Lovelace');
    type(within(dialog).getByLabelText(/^Age/), '11');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /consent/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add learner' }));
    await waitFor(() => expect(api.inputsOf('learners.create')).toEqual([{ name: 'Ada Lovelace', age: 11, notes: null, consent: true }]));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a learner' })).toBeNull());
  });

  it('shows the server’s sentence under the field it is about', async () => {
    const api = fakeApi({
      'learners.create': () => {
        throw serverError('BAD_REQUEST', 'A name can be at most 80 characters.', {
          reason: 'VALIDATION',
          fieldErrors: { name: 'A name can be at most 80 characters.' },
        });
      },
    });
    render(<App client={api.client} />);
    const dialog = await openAddLearner();
    type(within(dialog).getByLabelText('Name'), 'Ada');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /consent/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add learner' }));
    const error = await within(dialog).findByText('A name can be at most 80 characters.');
    expect(error.id).toBe(within(dialog).getByLabelText('Name').getAttribute('aria-describedby'));
  });

  it('keeps the draft when the dialog is closed and opened again', async () => {
    const api = fakeApi();
    render(<App client={api.client} />);
    let dialog = await openAddLearner();
    type(within(dialog).getByLabelText('Name'), 'Grace Hopper');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a learner' })).toBeNull());
    dialog = await openAddLearner();
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('Grace Hopper');
  });

  it('keeps what was typed through an expired sign-in, then saves it after signing in again', async () => {
    const api = fakeApi();
    render(<App client={api.client} />);
    const dialog = await openAddLearner();
    type(within(dialog).getByLabelText('Name'), 'Grace Hopper');
    type(within(dialog).getByLabelText(/^Notes/), 'Debugging champion');
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /consent/ }));

    api.state.signedIn = false; // the admin cookie lapses while the form is open
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add learner' }));
    const again = await screen.findByRole('dialog', { name: 'Please sign in again' });
    expect((within(again).getByLabelText('Email') as HTMLInputElement).value).toBe(ADMIN.email);
    expect((within(dialog).getByLabelText('Name') as HTMLInputElement).value).toBe('Grace Hopper');

    type(within(again).getByLabelText('Password'), 'correct horse battery');
    fireEvent.click(within(again).getByRole('button', { name: 'Sign in and continue' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Please sign in again' })).toBeNull());
    expect(api.inputsOf('auth.login')).toEqual([{ email: ADMIN.email, password: 'correct horse battery' }]);

    const form = screen.getByRole('dialog', { name: 'Add a learner' });
    expect((within(form).getByLabelText(/^Notes/) as HTMLTextAreaElement).value).toBe('Debugging champion');
    expect(within(form).queryByRole('alert')).toBeNull(); // no stale "signed out" message left behind
    fireEvent.click(within(form).getByRole('button', { name: 'Add learner' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a learner' })).toBeNull());
    expect(api.inputsOf('learners.create').at(-1)).toEqual({ name: 'Grace Hopper', age: null, notes: 'Debugging champion', consent: true });
  });
});
