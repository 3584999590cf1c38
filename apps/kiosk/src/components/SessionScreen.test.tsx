// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionScreen } from './SessionScreen';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');
beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setInterval', 'clearInterval'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderSession(overrides: Partial<Parameters<typeof SessionScreen>[0]> = {}) {
  const props = {
    learnerName: 'Sam',
    sessionExpiresAt: '2026-05-01T10:20:00.000Z',
    clockOffsetMs: 0,
    onTimeUp: vi.fn(),
    onFinish: vi.fn(),
    finishing: false,
    finishError: null,
    ...overrides,
  };
  render(<SessionScreen {...props} />);
  return props;
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

  it('shows why finishing failed inside the dialog', () => {
    renderSession({ finishError: 'The tablet is online, but the Perch server is not answering.' });
    act(() => screen.getByRole('button', { name: 'I’m done' }).click());
    expect(screen.getByRole('alert').textContent).toMatch(/not answering/);
  });
});
