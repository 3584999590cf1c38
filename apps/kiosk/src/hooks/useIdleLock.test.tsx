// @vitest-environment happy-dom
import { act, cleanup, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useIdleLock } from './useIdleLock';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const tap = () => act(() => void window.dispatchEvent(new Event('pointerdown')));

describe('useIdleLock', () => {
  it('locks after the idle minutes without input; taps put it off and report activity', () => {
    const onActivity = vi.fn();
    const { result } = renderHook(() => useIdleLock(2, onActivity));
    act(() => vi.advanceTimersByTime(90_000));
    tap();
    expect(onActivity).toHaveBeenCalledOnce();
    act(() => vi.advanceTimersByTime(90_000));
    expect(result.current.idle).toBe(false);
    act(() => vi.advanceTimersByTime(30_000));
    expect(result.current.idle).toBe(true);

    // "Tap to continue" resumes and the clock starts again.
    act(() => result.current.resume());
    expect(result.current.idle).toBe(false);
    act(() => vi.advanceTimersByTime(120_000));
    expect(result.current.idle).toBe(true);
  });

  it('counts quiet time from the first render when the idle minutes arrive later', () => {
    const { result, rerender } = renderHook(({ minutes }) => useIdleLock(minutes, () => {}), { initialProps: { minutes: 0 } });
    act(() => vi.advanceTimersByTime(50_000));
    rerender({ minutes: 1 });
    act(() => vi.advanceTimersByTime(9_999));
    expect(result.current.idle).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.idle).toBe(true);
  });

  it('never locks when idle lock is off (0 minutes), but still reports activity', () => {
    const onActivity = vi.fn();
    const { result } = renderHook(() => useIdleLock(0, onActivity));
    act(() => vi.advanceTimersByTime(24 * 60 * 60_000));
    expect(result.current.idle).toBe(false);
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' })));
    expect(onActivity).toHaveBeenCalledOnce();
  });
});
