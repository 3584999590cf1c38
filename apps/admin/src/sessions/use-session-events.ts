import { useQueryClient, skipToken } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isSignedOutError } from '../lib/errors';
import { updateCachedLists } from '../lib/list-cache';
import { useTRPC } from '../trpc';
import { applySessionEvent, type SessionListInput } from './session-cache';

/**
 * Keeps every cached `sessions.list` true as sessions change, from the server's event stream.
 * Returns the stream's status so screens can say whether they are live.
 */
export function useSessionEvents({ enabled, onSignedOut }: { enabled: boolean; onSignedOut: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSubscription(
    trpc.sessions.events.subscriptionOptions(enabled ? undefined : skipToken, {
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
}
