import { skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { reopenUnlessSignedOut } from '../lib/errors';
import { useReopeningStream } from '../lib/use-reopening-stream';
import { useTRPC } from '../trpc';

/**
 * Keeps the Tablets list true as tablets enroll, come online, go offline, are renamed or retired
 * (tablets.events): each reads the list again. Sessions starting and ending on them arrive through
 * the shell's sessions.events (use-session-events.ts). The stream is opened again when it fails
 * (see useReopeningStream); changes made while it was down are not replayed, so every (re)start
 * reads the list again. Returns the stream's status, and whether it has been reconnecting for a while.
 */
export function useTabletEvents(enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
  const stream = useSubscription(trpc.tablets.events.subscriptionOptions(enabled ? undefined : skipToken, { onStarted: refresh, onData: refresh }));
  const { reconnecting } = useReopeningStream(stream, reopenUnlessSignedOut);
  return { status: stream.status, reconnecting };
}
