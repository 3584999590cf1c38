import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer, throttle } from './idle-timer';

describe('IdleTimer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('fires once after the timeout without activity', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(60_000, onIdle);
    timer.start();
    vi.advanceTimersByTime(59_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from the last activity', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(60_000, onIdle);
    timer.start();
    vi.advanceTimersByTime(50_000);
    timer.activity();
    vi.advanceTimersByTime(50_000);
    expect(onIdle).not.toHaveBeenCalled();
    timer.activity();
    vi.advanceTimersByTime(59_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('counts from an earlier quiet start when told one', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(60_000, onIdle);
    vi.advanceTimersByTime(45_000);
    timer.start(0);
    vi.advanceTimersByTime(14_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stays locked through activity until restarted', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1_000, onIdle);
    timer.start();
    vi.advanceTimersByTime(1_000);
    timer.activity();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.start();
    vi.advanceTimersByTime(1_000);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it('does nothing once stopped', () => {
    const onIdle = vi.fn();
    const timer = new IdleTimer(1_000, onIdle);
    timer.start();
    timer.stop();
    vi.advanceTimersByTime(5_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('throttle', () => {
  it('runs at most once per interval', () => {
    let now = 0;
    const fn = vi.fn();
    const touch = throttle(fn, 30_000, () => now);
    touch();
    touch();
    expect(fn).toHaveBeenCalledTimes(1);
    now = 29_999;
    touch();
    expect(fn).toHaveBeenCalledTimes(1);
    now = 30_000;
    touch();
    touch();
    expect(fn).toHaveBeenCalledTimes(2);
  });
});
