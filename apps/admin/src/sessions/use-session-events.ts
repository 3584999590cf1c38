import { useQueryClient, skipToken } from '@tanstack/react-query';
import { useRef } from 'react';
import type { SessionSummary } from '@perch/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isSignedOutError, reopenUnlessSignedOut } from '../lib/errors';
import { updateCachedLists } from '../lib/list-cache';
import { useReopeningStream } from '../lib/use-reopening-stream';
import { useTRPC } from '../trpc';
import { applySessionEvent, type SessionListInput } from './session-cache';

/**
 * Keeps every cached `sessions.list` true as sessions change, from the server's event stream, and
 * opens the stream again when it fails (see useReopeningStream). Changes made while it was down
 * are not replayed, so each reconnect reads the lists again. Returns the stream's status, and
 * whether it has been reconnecting for a while, so screens can say whether they are live.
 */
export function useSessionEvents({ enabled, onSignedOut }: { enabled: boolean; onSignedOut: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const stream = useSubscription(
    trpc.sessions.events.subscriptionOptions(enabled ? undefined : skipToken, {
      onStarted: () => {
        if (started.current) void queryClient.invalidateQueries(trpc.sessions.list.pathFilter());
        started.current = true;
      },
      onData: (event) => {
        updateCachedLists<SessionSummary, SessionListInput>(queryClient, trpc.sessions.list.pathKey(), (list, input) =>
          applySessionEvent(list, event as SessionSummary, input),
        );
        // Who is on which tablet changes with sessions; only a Tablets page on screen refetches.
        void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
      },
      onError: (err) => {
        if (isSignedOutError(err)) onSignedOut();
      },
    }),
  );
  const { reconnecting } = useReopeningStream(stream, reopenUnlessSignedOut);
  return { status: stream.status, reconnecting };
}
