import { useEffect, useRef, useState } from 'react';
import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';

/** A failed event stream is opened again after 1 s, then 2 s, 4 s … at most 30 s apart; back to 1 s once it is up. */
export const STREAM_REOPEN_MS = { first: 1_000, max: 30_000 } as const;
/** A stream that was up and has been down this long says "Reconnecting…"; a blip says nothing. */
export const RECONNECTING_AFTER_MS = 3_000;

interface Stream {
  status: TRPCSubscriptionStatus;
  error: unknown;
  reset: () => void;
}

/**
 * Reopens an event stream the browser gave up on. EventSource retries a dropped connection by
 * itself, but a reconnect answered with an error (a proxy's 502 while every instance restarts, a
 * 503 while the database is away) closes it for good, and the page would stop hearing of changes.
 * `mayReopen`: false for a failure reopening cannot mend (a lapsed sign-in). Returns whether the
 * stream, once up, has been down for longer than RECONNECTING_AFTER_MS.
 */
export function useReopeningStream(stream: Stream, mayReopen: (error: unknown) => boolean): { reconnecting: boolean } {
  const { status, error, reset } = stream;
  const attempts = useRef(0);
  const wasUp = useRef(false);
  const downSince = useRef<number | null>(null);
  const [reconnecting, setReconnecting] = useState(false);

  useEffect(() => {
    if (status !== 'error' || !mayReopen(error)) return;
    const wait = Math.min(STREAM_REOPEN_MS.first * 2 ** attempts.current, STREAM_REOPEN_MS.max);
    attempts.current++;
    const id = setTimeout(reset, wait);
    return () => clearTimeout(id);
  }, [status, error, reset, mayReopen]);

  useEffect(() => {
    if (status === 'pending') {
      attempts.current = 0;
      wasUp.current = true;
      downSince.current = null;
      setReconnecting(false);
      return;
    }
    if (status === 'idle') {
      wasUp.current = false;
      downSince.current = null;
      setReconnecting(false);
      return;
    }
    if (!wasUp.current) return;
    // Counted from when it went down, however often the attempts flip between connecting and error.
    downSince.current ??= Date.now();
    const id = setTimeout(() => setReconnecting(true), Math.max(0, downSince.current + RECONNECTING_AFTER_MS - Date.now()));
    return () => clearTimeout(id);
  }, [status]);

  return { reconnecting };
}
