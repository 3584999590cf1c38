// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CodeCountdown } from './CodeCountdown';

describe('CodeCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('ticks down each second and says so plainly once the code has lapsed', () => {
    render(<CodeCountdown expiresAt="2026-03-01T10:00:03Z" />);
    expect(screen.getByRole('timer').textContent).toBe('0:03');

    act(() => void vi.advanceTimersByTime(1_000));
    expect(screen.getByRole('timer').textContent).toBe('0:02');

    act(() => void vi.advanceTimersByTime(2_000));
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch(/This code has expired/);
  });

  it('restarts when a new code arrives', () => {
    const { rerender } = render(<CodeCountdown expiresAt="2026-03-01T09:59:00Z" />);
    expect(screen.getByRole('alert')).toBeTruthy();
    rerender(<CodeCountdown expiresAt="2026-03-01T10:10:00Z" />);
    expect(screen.getByRole('timer').textContent).toBe('10:00');
  });
});
