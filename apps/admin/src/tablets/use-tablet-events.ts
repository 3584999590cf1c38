import { skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../trpc';

/**
 * Keeps the Tablets list true as tablets enroll, come online, go offline, are renamed or retired
 * (tablets.events): each reads the list again. Sessions starting and ending on them arrive through
 * the shell's sessions.events (use-session-events.ts).
 */
export function useTabletEvents(enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries(trpc.tablets.list.pathFilter());
  const tablets = useSubscription(trpc.tablets.events.subscriptionOptions(enabled ? undefined : skipToken, { onData: refresh }));
  return tablets.status;
}
