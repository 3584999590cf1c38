import { skipToken, useQueryClient } from '@tanstack/react-query';
import type { AgentRequest } from '@perch/shared';
import { useSubscription } from '@trpc/tanstack-react-query';
import { isSignedOutError, reopenUnlessSignedOut } from '../lib/errors';
import { updateCachedLists } from '../lib/list-cache';
import { useReopeningStream } from '../lib/use-reopening-stream';
import { useTRPC } from '../trpc';
import { applyRequestEvent, type RequestListInput } from './request-cache';

/**
 * Keeps every cached `agents.requests.list` true as agents ask and admins decide, from the server's
 * event stream, and opens the stream again when it fails (see useReopeningStream). Returns the
 * stream's status, and whether it has been reconnecting for a while, so the page can say whether it is live.
 */
export function useAgentRequestEvents({ enabled, onSignedOut }: { enabled: boolean; onSignedOut: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const stream = useSubscription(
    trpc.agents.requests.events.subscriptionOptions(enabled ? undefined : skipToken, {
      // A request made between the list's fetch and the stream's (re)start, or while it was down, would
      // be missed (with the calls it counted on its grant): fetch both again.
      onStarted: () => {
        void queryClient.invalidateQueries(trpc.agents.requests.list.pathFilter());
        void queryClient.invalidateQueries(trpc.agents.grants.list.pathFilter());
      },
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
  const { reconnecting } = useReopeningStream(stream, reopenUnlessSignedOut);
  return { status: stream.status, reconnecting };
}
