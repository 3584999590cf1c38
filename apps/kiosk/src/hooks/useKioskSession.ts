import { useCallback, useEffect, useRef, useState } from 'react';
import { isSessionGone } from '../lib/friendly-error';
import { kioskApi, type KioskSession } from '../kiosk-api';

/** `kiosk.me` poll while the event stream is up (a safety net) and while it is down (the fallback). */
export const POLL_STREAM_UP_MS = 30_000;
export const POLL_STREAM_DOWN_MS = 5_000;

interface Known {
  session: KioskSession | null;
  /** When this tablet received `session` (its clock), to correct the countdown by the server's. */
  receivedAt: number;
  /** The last failed read; cleared by the next answer. */
  error: unknown;
}

/**
 * This tablet's session as the server last told it: the `kiosk.events` stream (an admin's end shows
 * within a second or two), a `kiosk.me` read at once and a slow poll behind the stream, a re-read when
 * the tablet wakes, and whatever else answered with the session (`accept`: touch).
 */
export function useKioskSession(seed: KioskSession | null) {
  const [known, setKnown] = useState<Known>(() => ({ session: seed, receivedAt: Date.now(), error: null }));
  const [fetching, setFetching] = useState(false);
  const [streamUp, setStreamUp] = useState(false);
  const reading = useRef(false);

  const accept = useCallback((session: KioskSession) => setKnown({ session, receivedAt: Date.now(), error: null }), []);
  const refetch = useCallback(async () => {
    if (reading.current) return;
    reading.current = true;
    setFetching(true);
    try {
      accept(await kioskApi.me());
    } catch (error) {
      setKnown((k) => ({ ...k, error }));
    } finally {
      reading.current = false;
      setFetching(false);
    }
  }, [accept]);

  useEffect(() => {
    void refetch();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refetch();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [refetch]);

  useEffect(() => {
    const id = setInterval(() => void refetch(), streamUp ? POLL_STREAM_UP_MS : POLL_STREAM_DOWN_MS);
    return () => clearInterval(id);
  }, [streamUp, refetch]);

  useEffect(() => {
    let close: (() => void) | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let left = false;
    import('../session-events')
      .then(({ followSession }) => {
        const open = () => {
          if (left) return;
          close = followSession({
            onSession: accept,
            onStreamUp: setStreamUp,
            onError: (err) => {
              if (isSessionGone(err)) return void refetch();
              // The browser gives a stream up for good when a reconnect is answered with an error
              // page (a proxy's 502 while every instance restarts): open it again after a pause;
              // the fast poll covers the gap.
              close?.();
              reopen = setTimeout(open, POLL_STREAM_DOWN_MS);
            },
          });
        };
        open();
      })
      // Without the stream the fast poll carries on alone.
      .catch(() => setStreamUp(false));
    return () => {
      left = true;
      clearTimeout(reopen);
      close?.();
    };
  }, [accept, refetch]);

  return { ...known, pending: known.session === null && known.error === null, fetching, refetch, accept };
}
