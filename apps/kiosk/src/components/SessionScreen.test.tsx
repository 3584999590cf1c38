// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider, kioskI18n } from '../i18n';
import { SessionScreen } from './SessionScreen';
// A problem's words, which friendly-error.ts brings in the app.
import 'messages:problem';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderSession(overrides: Partial<Parameters<typeof SessionScreen>[0]> = {}) {
  const props: Parameters<typeof SessionScreen>[0] = {
    learnerName: 'Sam',
    guestAgeBand: null,
    sessionExpiresAt: '2026-05-01T10:20:00.000Z',
    clockOffsetMs: 0,
    onTimeUp: vi.fn(),
    onFinish: vi.fn(),
    finishing: false,
    finishError: null,
    ...overrides,
  };
  // Inside the provider, as in the app: a language switch re-renders it.
  render(<SessionScreen {...props} />, { wrapper: I18nProvider });
  return props as typeof props & { onTimeUp: ReturnType<typeof vi.fn>; onFinish: ReturnType<typeof vi.fn> };
}

describe('SessionScreen', () => {
  it('greets the learner and counts down on the server’s clock', () => {
    // The tablet runs five minutes fast; the server says 20 minutes are left.
    vi.setSystemTime(NOW + 5 * 60_000);
    renderSession({ clockOffsetMs: -5 * 60_000 });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hi, Sam!');
    expect(screen.getByRole('timer').getAttribute('aria-label')).toBe('About 20 minutes left');
    expect(screen.getByRole('timer').textContent).toContain('20:00');
    act(() => vi.advanceTimersByTime(61_000));
    expect(screen.getByRole('timer').textContent).toContain('18:59');
  });

  it('wishes fun only when there is time for it', () => {
    renderSession();
    expect(screen.getByText('You’re all set. Have fun making!')).toBeTruthy();
    cleanup();
    renderSession({ sessionExpiresAt: '2026-05-01T10:00:04.000Z' });
    expect(screen.queryByText(/Have fun/)).toBeNull();
    expect(screen.getByText('Your time is nearly up: time to wrap up.')).toBeTruthy();
  });

  it('says when time is up', () => {
    const { onTimeUp } = renderSession({ sessionExpiresAt: '2026-05-01T10:00:02.000Z' });
    expect(onTimeUp).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(3_000));
    expect(onTimeUp).toHaveBeenCalled();
  });

  it('asks before ending, with "Keep going" first', () => {
    const { onFinish } = renderSession();
    act(() => screen.getByRole('button', { name: 'I’m done' }).click());
    const keepGoing = screen.getByRole('button', { name: 'Keep going' });
    expect(screen.getByRole('dialog', { name: 'Are you done, Sam?' })).toBeTruthy();
    expect(document.activeElement).toBe(keepGoing);
    act(() => keepGoing.click());
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onFinish).not.toHaveBeenCalled();

    act(() => screen.getByRole('button', { name: 'I’m done' }).click());
    act(() => screen.getByRole('button', { name: 'Yes, I’m done' }).click());
    expect(onFinish).toHaveBeenCalledOnce();
  });

  it('greets a guest in words for their age band, never as "Guest (5-9)"', () => {
    const shown = (guestAgeBand: '5-9' | '10-13' | '14+') => {
      cleanup();
      renderSession({ learnerName: `Guest (${guestAgeBand})`, guestAgeBand });
      act(() => screen.getByRole('button', { name: 'I’m done' }).click());
      return {
        title: screen.getByRole('heading', { level: 1 }).textContent,
        lead: document.querySelector('.lead')?.textContent,
        asks: screen.getByRole('dialog').getAttribute('aria-labelledby') && screen.getByRole('heading', { level: 2 }).textContent,
      };
    };
    expect(shown('5-9')).toEqual({
      title: 'Hi, explorer!',
      lead: 'Have fun making! Ask a grown-up if you need a hand.',
      asks: 'Are you done, explorer?',
    });
    expect(shown('10-13')).toEqual({ title: 'Hi, maker!', lead: 'You’re all set. Have fun making!', asks: 'Are you done, maker?' });
    expect(shown('14+')).toEqual({
      title: 'Welcome, maker!',
      lead: 'Your guest session is ready. Make something great.',
      asks: 'Are you done, maker?',
    });
    expect(document.body.textContent).not.toContain('Guest (');
  });

  it('greets a guest in Spanish, and re-words the greeting on a switch back to English', async () => {
    await kioskI18n.activate('es');
    renderSession({ learnerName: 'Guest (5-9)', guestAgeBand: '5-9' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('¡Hola, peque!');
    expect(document.querySelector('.lead')?.textContent).toBe('¡Diviértete creando! Si necesitas ayuda, pídesela a un adulto.');
    act(() => screen.getByRole('button', { name: 'He terminado' }).click());
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('¿Has terminado, peque?');
    await act(() => kioskI18n.activate('en'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hi, explorer!');
  });

  it('shows why finishing failed inside the dialog', () => {
    renderSession({ finishError: { id: 'problem.unreachable.message' } });
    act(() => screen.getByRole('button', { name: 'I’m done' }).click());
    expect(screen.getByRole('alert').textContent).toMatch(/not answering/);
  });
});
