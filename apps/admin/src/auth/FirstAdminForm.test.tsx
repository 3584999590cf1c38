// @vitest-environment happy-dom
// @vitest-environment-options { "url": "http://localhost:3000/admin/" }
import type { Operation } from '@trpc/client';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../App';
import { fakeClient, serverError } from '../test/fake-client';
import { takeSetupTokenFromAddress } from './setup-link';

const TOKEN = 'dGhpcy1pcy1hLXRlc3Qtc2V0LXVwLXRva2VuLW9ubHk';
const ANA = { id: '7f1c9a52-3b8e-4d2a-9f61-0c5e2d4b8a11', email: 'ana@example.org', name: 'Ana García' };

/** A Perch with no admin yet (or, with `hasAdmin`, one that has one); nobody is signed in at first. */
function fakeApi(options: { hasAdmin?: boolean; createFirstAdmin?: (input: unknown) => unknown } = {}) {
  const state = { signedIn: false, calls: [] as Operation[] };
  const client = fakeClient((op) => {
    state.calls.push(op);
    switch (op.path) {
      case 'auth.setupStatus':
        return { needed: !options.hasAdmin };
      case 'auth.createFirstAdmin': {
        const answer = options.createFirstAdmin ? options.createFirstAdmin(op.input) : ANA;
        state.signedIn = true;
        return answer;
      }
      case 'auth.me':
        if (state.signedIn) return ANA;
        throw serverError('UNAUTHORIZED', 'Please sign in as an admin to do that.', { httpStatus: 401, reason: 'NOT_SIGNED_IN' });
      case 'learners.list':
      case 'sessions.list':
        return [];
      default:
        throw new Error(`unexpected call ${op.path}`);
    }
  });
  const inputsOf = (path: string) => state.calls.filter((c) => c.path === path).map((c) => c.input);
  return { client, inputsOf };
}

const type = (field: HTMLElement, value: string) => fireEvent.change(field, { target: { value } });

async function fillSetUp(form: HTMLElement, values: { name: string; email: string; password: string; repeat: string }) {
  type(within(form).getByLabelText('Your name'), values.name);
  type(within(form).getByLabelText(/^Email/), values.email);
  type(within(form).getByLabelText(/^Password$|^Password\b(?! again)/), values.password);
  type(within(form).getByLabelText('Password again'), values.repeat);
  fireEvent.click(within(form).getByRole('button', { name: 'Create the first admin' }));
}

describe('first-run set-up in the admin app', () => {
  // http://localhost is a secure context in a browser; happy-dom does not say so by itself.
  beforeAll(() => Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true }));
  afterEach(cleanup);

  it('offers the set-up form to the link’s holder, checks it with the shared rules, and lands signed in', async () => {
    const api = fakeApi();
    render(<App client={api.client} setupToken={TOKEN} />);
    await screen.findByRole('heading', { name: 'Set up Perch', level: 1 });
    const form = screen.getByRole('form', { name: 'Create the first admin' });
    expect(document.title).toBe('Set up Perch · Perch admin');

    await fillSetUp(form, { name: ' ', email: 'not an email', password: 'short', repeat: 'short' });
    expect(within(form).getByText('Enter your name.')).toBeTruthy();
    expect(within(form).getByText('That does not look like an email address.')).toBeTruthy();
    expect(within(form).getByText('An admin password needs between 10 and 256 characters.')).toBeTruthy();
    expect(within(form).getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true');

    await fillSetUp(form, { name: 'Ana García', email: 'Ana@Example.org', password: 'a long first password', repeat: 'a long first pasword' });
    expect(within(form).getByText('The two passwords are not the same.')).toBeTruthy();
    expect(api.inputsOf('auth.createFirstAdmin')).toEqual([]);

    await fillSetUp(form, { name: 'Ana García', email: 'Ana@Example.org', password: 'a long first password', repeat: 'a long first password' });
    await screen.findByRole('heading', { name: 'Learners', level: 1 }, { timeout: 15_000 }); // a lazy page chunk
    expect(api.inputsOf('auth.createFirstAdmin')).toEqual([
      { token: TOKEN, name: 'Ana García', email: 'ana@example.org', password: 'a long first password' },
    ]);
    // Signed in as the new admin, by the name they gave.
    expect(screen.getByText('Ana García')).toBeTruthy();
  });

  it('without the link, says where to find it and offers no set-up form', async () => {
    const api = fakeApi();
    render(<App client={api.client} />);
    await screen.findByRole('heading', { name: 'Set up Perch', level: 1 });
    expect(screen.getByText(/open the set-up link Perch printed when it started/)).toBeTruthy();
    expect(screen.getByText('pnpm start')).toBeTruthy();
    expect(screen.getByText(`${window.location.origin}/admin/#setup=…`)).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    expect(screen.queryByLabelText(/Password/)).toBeNull();
  });

  it('takes a link pasted into the address bar of the open page (only the fragment changes)', async () => {
    const api = fakeApi();
    render(<App client={api.client} />);
    await screen.findByText(/open the set-up link Perch printed when it started/);
    window.history.replaceState(null, '', `/admin/#setup=${TOKEN}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const form = await screen.findByRole('form', { name: 'Create the first admin' });
    expect(window.location.hash).toBe('');
    await fillSetUp(form, { name: 'Ana García', email: 'ana@example.org', password: 'a long first password', repeat: 'a long first password' });
    await waitFor(() => expect(api.inputsOf('auth.createFirstAdmin')).toMatchObject([{ token: TOKEN }]));
  });

  it('once Perch has an admin, a set-up link leads to the sign-in form with a word why', async () => {
    const api = fakeApi({ hasAdmin: true });
    render(<App client={api.client} setupToken={TOKEN} />);
    await screen.findByRole('heading', { name: 'Sign in', level: 1 });
    expect(screen.getByRole('status').textContent).toMatch(/^Perch already has an admin, so this set-up link no longer works\./);
    expect(screen.queryByRole('form', { name: 'Create the first admin' })).toBeNull();
  });

  it('when someone else finished set-up first, turns to sign-in', async () => {
    const api = fakeApi({
      createFirstAdmin: () => {
        throw serverError('CONFLICT', 'Perch already has an admin, so set-up links no longer work. Sign in instead.', {
          httpStatus: 409,
          reason: 'ALREADY_SET_UP',
        });
      },
    });
    render(<App client={api.client} setupToken={TOKEN} />);
    const form = await screen.findByRole('form', { name: 'Create the first admin' });
    await fillSetUp(form, { name: 'Ana García', email: 'ana@example.org', password: 'a long first password', repeat: 'a long first password' });
    await screen.findByRole('heading', { name: 'Sign in', level: 1 });
    expect(screen.getByRole('status').textContent).toMatch(/^Perch already has an admin/);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('shows an expired link’s sentence and keeps the form', async () => {
    const expired = 'This set-up link has expired (each works for 24 hours). Restart Perch to print a new one.';
    const api = fakeApi({
      createFirstAdmin: () => {
        throw serverError('PRECONDITION_FAILED', expired, { httpStatus: 412, reason: 'CODE_EXPIRED' });
      },
    });
    render(<App client={api.client} setupToken={TOKEN} />);
    const form = await screen.findByRole('form', { name: 'Create the first admin' });
    await fillSetUp(form, { name: 'Ana García', email: 'ana@example.org', password: 'a long first password', repeat: 'a long first password' });
    await waitFor(() => expect(within(form).getByRole('alert').textContent).toContain(expired));
    expect(screen.getByRole('heading', { name: 'Set up Perch', level: 1 })).toBeTruthy();
  });
});

describe('the set-up link in the address', () => {
  it('is taken and wiped from the address bar and history at once', () => {
    window.history.replaceState(null, '', `/admin/?from=mail#setup=${TOKEN}`);
    const before = window.history.length;
    expect(takeSetupTokenFromAddress()).toBe(TOKEN);
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain(TOKEN);
    expect(window.location.pathname + window.location.search).toBe('/admin/?from=mail');
    expect(window.history.length).toBe(before); // replaced, not a new entry to go back to
  });

  it('leaves any other address alone', () => {
    window.history.replaceState(null, '', '/admin/live#main');
    expect(takeSetupTokenFromAddress()).toBeNull();
    expect(window.location.hash).toBe('#main');
  });
});
