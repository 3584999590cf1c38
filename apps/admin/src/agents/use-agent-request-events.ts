import { skipToken, useQueryClient } from '@tanstack/react-query';
import type { AgentRequest } from '@perch/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isSignedOutError } from '../lib/errors';
import { updateCachedLists } from '../lib/list-cache';
import { useTRPC } from '../trpc';
import { applyRequestEvent, type RequestListInput } from './request-cache';

/**
 * Keeps every cached `agents.requests.list` true as agents ask and admins decide, from the server's
 * event stream. Returns the stream's status so the page can say whether it is live.
 */
export function useAgentRequestEvents({ enabled, onSignedOut }: { enabled: boolean; onSignedOut: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSubscription(
    trpc.agents.requests.events.subscriptionOptions(enabled ? undefined : skipToken, {
      // A request made between the list's fetch and the stream's (re)start would be missed: fetch again.
      onStarted: () => void queryClient.invalidateQueries(trpc.agents.requests.list.pathFilter()),
      onData: (request) => {
        // Each request is a call on its grant: its "last use" and call count have moved.
        void queryClient.invalidateQueries(trpc.agents.grants.list.pathFilter());
        updateCachedLists<AgentRequest, RequestListInput>(queryClient, trpc.agents.requests.list.pathKey(), (list, input) =>
          applyRequestEvent(list, request as AgentRequest, input),
        );
      },
      onError: (err) => {
        if (isSignedOutError(err)) onSignedOut();
      },
    }),
  );
}
