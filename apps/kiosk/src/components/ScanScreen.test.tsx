// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { kioskI18n } from '../i18n';
import { describeError } from '../lib/friendly-error';
import { ScanScreen } from './ScanScreen';

beforeEach(() => vi.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const rateLimited = describeError({ data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, reason: 'RATE_LIMITED', retryAfterSec: 90 } }, true);
const unreachable = describeError(new TypeError('Failed to fetch'), true);

describe('ScanScreen', () => {
  it('counts down a "too many tries" wait in words, not as a clock, and holds Start until it is over', () => {
    render(<ScanScreen onCode={() => {}} busy={false} problem={rateLimited} problemAt={Date.now()} />);
    expect(screen.getByRole('alert').textContent).toContain('You can try again in about 2 minutes.');
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: /Scan with camera/ })).toHaveProperty('disabled', true);
    act(() => vi.advanceTimersByTime(20_000));
    expect(screen.getByRole('alert').textContent).toContain('You can try again in about a minute.');
    act(() => vi.advanceTimersByTime(40_000));
    expect(screen.getByRole('alert').textContent).toContain('You can try again in less than a minute.');
    act(() => vi.advanceTimersByTime(31_000));
    expect(screen.getByRole('alert').textContent).toContain('You can try again now.');
    expect(screen.getByRole('button', { name: 'Start' })).toHaveProperty('disabled', false);
  });

  it('offers Retry when the server could not be reached', () => {
    const onRetry = vi.fn();
    render(<ScanScreen onCode={() => {}} busy={false} problem={unreachable} problemAt={Date.now()} onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('We can’t reach Perch right now');
    act(() => screen.getByRole('button', { name: 'Try again' }).click());
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('speaks Spanish to a Spanish-speaking child, the wait included', async () => {
    await kioskI18n.activate('es');
    render(<ScanScreen onCode={() => {}} busy={false} problem={rateLimited} problemAt={Date.now()} ended={{ because: 'finished', learnerName: 'Sam' }} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Escanea tu código');
    expect(screen.getByRole('status', { name: 'Sesión terminada' }).textContent).toContain('¡Buen trabajo, Sam!');
    expect(screen.getByRole('alert').textContent).toBe(
      'Demasiados intentosVamos a descansar un poquito. Puedes volver a intentarlo en unos 2 minutos.',
    );
    expect(screen.getByLabelText('Escribe tu código')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Empezar' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: /Escanear con la cámara/ })).toBeTruthy();
  });

  it('shows how the last session ended above "Scan your code", and focuses the heading', () => {
    render(<ScanScreen onCode={() => {}} busy={false} ended={{ because: 'expired', learnerName: 'Sam' }} />);
    expect(screen.getByRole('status', { name: 'Session ended' }).textContent).toContain('Time’s up, Sam!');
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'Scan your code' }));
  });
});
