import { useQueryClient, skipToken } from '@tanstack/react-query';
import type { SessionSummary } from '@perch/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isSignedOutError } from '../lib/errors';
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
        const summary = event as SessionSummary;
        for (const [key, data] of queryClient.getQueriesData<SessionSummary[]>({ queryKey: trpc.sessions.list.pathKey() })) {
          const input = (key[1] as { input?: SessionListInput } | undefined)?.input;
          const next = applySessionEvent(data, summary, input);
          if (next !== data) queryClient.setQueryData(key, next);
        }
      },
      onError: (err) => {
        if (isSignedOutError(err)) onSignedOut();
      },
    }),
  );
}
