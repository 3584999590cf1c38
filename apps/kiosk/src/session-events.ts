import type { AppRouter } from '@perch/api';
import { createTRPCClient, httpSubscriptionLink, type TRPCClientError } from '@trpc/client';
import type { KioskSession } from './kiosk-api';

export interface SessionEventHandlers {
  onSession: (session: KioskSession) => void;
  /** True while the stream is connected, false while it (re)connects or after it failed. */
  onStreamUp: (up: boolean) => void;
  onError: (err: TRPCClientError<AppRouter>) => void;
}

/**
 * Follows this tablet's session over `kiosk.events` (tRPC's server-sent events, with its reconnects
 * and pings). Loaded on demand with the session screen, so the first screen does not wait for it.
 * Returns a function that closes the stream.
 */
export function followSession({ onSession, onStreamUp, onError }: SessionEventHandlers): () => void {
  const client = createTRPCClient<AppRouter>({ links: [httpSubscriptionLink({ url: '/trpc' })] });
  const subscription = client.kiosk.events.subscribe(undefined, {
    onStarted: () => onStreamUp(true),
    onData: onSession,
    onConnectionStateChange: (state) => onStreamUp(state.state === 'pending'),
    onError: (err) => {
      onStreamUp(false);
      onError(err);
    },
  });
  return () => subscription.unsubscribe();
}
