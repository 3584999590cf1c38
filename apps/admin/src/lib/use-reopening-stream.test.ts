// @vitest-environment happy-dom
import { act, renderHook } from '@testing-library/react';
import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RECONNECTING_AFTER_MS, STREAM_REOPEN_MS, useReopeningStream } from './use-reopening-stream';

const signedOut = new Error('signed out');
const mayReopen = (err: unknown) => err !== signedOut;

function setup() {
  const reset = vi.fn();
  const hook = renderHook(({ status, error }: { status: TRPCSubscriptionStatus; error: unknown }) => useReopeningStream({ status, error, reset }, mayReopen), {
    initialProps: { status: 'connecting' as TRPCSubscriptionStatus, error: null as unknown },
  });
  const to = (status: TRPCSubscriptionStatus, error: unknown = null) => hook.rerender({ status, error });
  return { reset, hook, to };
}

describe('useReopeningStream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reopens a failed stream after 1 s, 2 s, 4 s …, and starts again at 1 s once it is up', () => {
    const { reset, to } = setup();
    to('pending');
    for (const wait of [STREAM_REOPEN_MS.first, 2 * STREAM_REOPEN_MS.first, 4 * STREAM_REOPEN_MS.first]) {
      to('error', new Error('502'));
      act(() => vi.advanceTimersByTime(wait - 1));
      const calls = reset.mock.calls.length;
      act(() => vi.advanceTimersByTime(1));
      expect(reset.mock.calls.length).toBe(calls + 1);
      to('connecting');
    }
    to('pending');
    to('error', new Error('502'));
    act(() => vi.advanceTimersByTime(STREAM_REOPEN_MS.first));
    expect(reset).toHaveBeenCalledTimes(4);
  });

  it('waits at most STREAM_REOPEN_MS.max between attempts', () => {
    const { reset, to } = setup();
    for (let i = 0; i < 10; i++) {
      to('error', new Error(`502 #${i}`));
      act(() => vi.advanceTimersByTime(STREAM_REOPEN_MS.max));
      to('connecting');
    }
    expect(reset).toHaveBeenCalledTimes(10);
  });

  it('does not reopen what reopening cannot mend (a lapsed sign-in)', () => {
    const { reset, to } = setup();
    to('pending');
    to('error', signedOut);
    act(() => vi.advanceTimersByTime(STREAM_REOPEN_MS.max * 2));
    expect(reset).not.toHaveBeenCalled();
  });

  it('says reconnecting only once a stream that was up has been down for a while', () => {
    const { hook, to } = setup();
    act(() => vi.advanceTimersByTime(RECONNECTING_AFTER_MS * 2));
    expect(hook.result.current.reconnecting).toBe(false); // never up yet: still connecting, not reconnecting
    to('pending');
    to('connecting');
    act(() => vi.advanceTimersByTime(RECONNECTING_AFTER_MS - 1));
    to('error', new Error('502')); // flipping between attempts does not restart the wait
    expect(hook.result.current.reconnecting).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(hook.result.current.reconnecting).toBe(true);
    to('pending');
    expect(hook.result.current.reconnecting).toBe(false);
  });
});
