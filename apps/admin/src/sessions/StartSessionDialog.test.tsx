// @vitest-environment happy-dom
import type { ExistingSession, MintedSession } from '@perch/shared';
import type { Operation } from '@trpc/client';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adminI18n } from '../i18n';
import { fakeClient, serverError } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { StartSessionDialog } from './StartSessionDialog';

const LEARNER = { id: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b', name: 'Ada Lovelace' };
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

function minted(code: string, codeExpiresAt: string, sessionId = 'c2a1e0f4-5b6d-4c3e-8a9f-1e2d3c4b5a69'): MintedSession {
  return {
    sessionId,
    learnerName: LEARNER.name,
    redemptionCode: code,
    redeemUrl: `http://localhost:3000/kiosk/#code=${code}`,
    codeExpiresAt,
    durationMin: 60,
    batchId: null,
  };
}

function fakeApi(answers: Record<string, (input: unknown) => unknown>) {
  const calls: Operation[] = [];
  const client = fakeClient((op) => {
    calls.push(op);
    if (op.path === 'sessions.list') return [];
    const answer = answers[op.path];
    if (!answer) throw new Error(`unexpected call ${op.path}`);
    return answer(op.input);
  });
  return { client, paths: () => calls.map((c) => c.path).filter((p) => p !== 'sessions.list'), calls };
}

describe('StartSessionDialog', () => {
  afterEach(cleanup);

  it('validates length and idle lock with the shared bounds before starting', async () => {
    const api = fakeApi({ 'sessions.start': () => minted('ABCD-2345', inMinutes(10)) });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    const dialog = screen.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    fireEvent.change(within(dialog).getByLabelText('Session length'), { target: { value: '300' } });
    fireEvent.change(within(dialog).getByLabelText('Lock when idle after'), { target: { value: '-1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start session' }));
    expect(within(dialog).getByText('A session lasts between 5 and 240 minutes.')).toBeTruthy();
    expect(within(dialog).getByText('Idle lock is between 0 (off) and 240 minutes.')).toBeTruthy();
    expect(api.paths()).toEqual([]);

    fireEvent.click(within(dialog).getByRole('button', { name: '90 min' }));
    fireEvent.change(within(dialog).getByLabelText('Lock when idle after'), { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start session' }));
    await screen.findByRole('img', { name: /QR code that opens Ada Lovelace/ });
    expect(api.calls.find((c) => c.path === 'sessions.start')?.input).toEqual({ learnerId: LEARNER.id, durationMin: 90, idleLockMin: 0 });
    expect(screen.getByText('ABCD-2345')).toBeTruthy();
    expect((screen.getByLabelText('Link for the tablet') as HTMLInputElement).value).toBe('http://localhost:3000/kiosk/#code=ABCD-2345');
  });

  it('speaks Spanish: the form, its presets, and the code panel with times in Spanish', async () => {
    await adminI18n.activate('es');
    const api = fakeApi({ 'sessions.start': () => minted('ABCD-2345', inMinutes(10)) });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    const dialog = screen.getByRole('dialog', { name: 'Empezar una sesión para Ada Lovelace' });
    expect(within(dialog).getByLabelText('Duración de la sesión')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '90 min' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Empezar sesión' }));
    await screen.findByRole('img', { name: 'Código QR que abre la sesión de Ada Lovelace en una tableta' });
    expect(screen.getByText('Escanéalo con la tableta o escribe el código')).toBeTruthy();
    expect(screen.getByText(/^El código caduca en/).textContent).toMatch(/^El código caduca en \d+:\d\d \(a las .+\)$/);
    expect(screen.getByRole('timer').getAttribute('aria-label')).toMatch(/^(10|9) minutos$/);
    expect(screen.getByLabelText('Enlace para la tableta')).toBeTruthy();
    expect(document.documentElement.lang).toBe('es');
  });

  it('gets a new code for a lapsed one by starting a fresh session when the old one has expired', async () => {
    const starts = [minted('PAST-2345', inMinutes(-0.1)), minted('NEWC-6789', inMinutes(10), 'd3b2f1a5-6c7e-4d4f-9b0a-2f3e4d5c6b7a')];
    const api = fakeApi({
      'sessions.start': () => starts.shift(),
      'sessions.reissueCode': () => {
        throw serverError('CONFLICT', 'This code has lapsed, so its session has expired. Start a new session instead.', {
          reason: 'INVALID_TRANSITION',
          httpStatus: 409,
        });
      },
    });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));

    expect((await screen.findByRole('alert')).textContent).toMatch(/This code has expired/);
    fireEvent.click(screen.getByRole('button', { name: 'New code' }));
    await screen.findByText('NEWC-6789');
    expect(screen.getByRole('timer').textContent).toMatch(/^(10:00|9:5\d)$/);
    expect(api.paths()).toEqual(['sessions.start', 'sessions.reissueCode', 'sessions.start']);
    const [first, , again] = api.calls.filter((c) => c.path !== 'sessions.list');
    expect(again!.input).toEqual(first!.input); // the same learner, length and idle lock
  });

  it('replaces a code that is still pending in place, keeping the session', async () => {
    const api = fakeApi({
      'sessions.start': () => minted('FRST-2345', inMinutes(10)),
      'sessions.reissueCode': () => minted('SCND-6789', inMinutes(10)),
    });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    await screen.findByText('FRST-2345');
    fireEvent.click(screen.getByRole('button', { name: 'Replace code' }));
    await screen.findByText('SCND-6789');
    expect(api.paths()).toEqual(['sessions.start', 'sessions.reissueCode']);
  });

  const adasSession: ExistingSession = {
    sessionId: 'e4c3b2a1-7d8e-4f5a-8b6c-3d4e5f6a7b8c',
    learnerId: LEARNER.id,
    learnerName: LEARNER.name,
    state: 'active',
    tabletName: 'Tablet 3',
    endsAt: inMinutes(20),
    minutesLeft: 20,
  };
  const hasSession = () =>
    serverError('CONFLICT', 'Ada Lovelace already has a session on Tablet 3, ends in about 20 minutes. Nothing was started. To end it…', {
      reason: 'LEARNER_HAS_SESSION',
      httpStatus: 409,
      existingSessions: [adasSession],
    });

  it('says where the learner’s session is before starting a second one, and ends it and starts anew when asked', async () => {
    const api = fakeApi({
      'sessions.start': (input) => {
        if ((input as { onExisting?: string }).onExisting !== 'end') throw hasSession();
        return minted('NEWC-2345', inMinutes(10));
      },
    });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: '30 min' }));
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));

    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('Ada Lovelace already has a session on Tablet 3, ends in about 20 minutes.');
    // Not the API's hint about arguments: a person reads who, where and how long.
    expect(warning.textContent).not.toMatch(/onExisting/);
    const dialog = screen.getByRole('dialog', { name: 'Start a session for Ada Lovelace' });
    expect(within(dialog).getAllByRole('button').map((b) => b.textContent)).toEqual(
      expect.arrayContaining(['Cancel', 'Start a second one anyway', 'End that one and start a new one']),
    );
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Cancel'));

    fireEvent.click(within(dialog).getByRole('button', { name: 'End that one and start a new one' }));
    await screen.findByText('NEWC-2345');
    const starts = api.calls.filter((c) => c.path === 'sessions.start').map((c) => c.input);
    expect(starts).toEqual([
      { learnerId: LEARNER.id, durationMin: 30, idleLockMin: 10 },
      { learnerId: LEARNER.id, durationMin: 30, idleLockMin: 10, onExisting: 'end' },
    ]);
  });

  it('asks in Spanish, naming the learner’s session in Spanish', async () => {
    await adminI18n.activate('es');
    const api = fakeApi({ 'sessions.start': () => { throw hasSession(); } });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Empezar sesión' }));
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('Ada Lovelace ya tiene una sesión en Tablet 3, que termina en unos 20 minutos.');
    expect(warning.textContent).toContain('¿Empezar otra sesión de todos modos?');
    const dialog = screen.getByRole('dialog', { name: 'Empezar una sesión para Ada Lovelace' });
    expect(within(dialog).getAllByRole('button').map((b) => b.textContent)).toEqual(
      expect.arrayContaining(['Cancelar', 'Empezar una segunda de todos modos', 'Terminar esa y empezar una nueva']),
    );
  });

  it('starts a second session beside the first only when asked to, and Cancel starts nothing', async () => {
    const api = fakeApi({
      'sessions.start': (input) => {
        if ((input as { onExisting?: string }).onExisting !== 'keep') throw hasSession();
        return minted('SCND-2345', inMinutes(10));
      },
    });
    const onClose = vi.fn();
    const { unmount } = renderWithApi(<StartSessionDialog learner={LEARNER} onClose={onClose} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    await screen.findByRole('alert');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledOnce();
    expect(api.paths()).toEqual(['sessions.start']);
    unmount();

    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Start a second one anyway' }));
    await screen.findByText('SCND-2345');
    expect(api.calls.filter((c) => c.path === 'sessions.start').at(-1)?.input).toMatchObject({ onExisting: 'keep' });
  });

  it('shows the server’s sentence when starting fails, and stays on the form', async () => {
    const api = fakeApi({
      'sessions.start': () => {
        throw serverError('TOO_MANY_REQUESTS', 'You have started many sessions in a minute. Try again in 20 seconds.', {
          reason: 'RATE_LIMITED',
          httpStatus: 429,
        });
      },
    });
    renderWithApi(<StartSessionDialog learner={LEARNER} onClose={() => {}} />, api.client);
    fireEvent.click(screen.getByRole('button', { name: 'Start session' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Try again in 20 seconds/));
    expect(screen.getByLabelText('Session length')).toBeTruthy();
  });
});
