import type { AppRouter } from '@perch/api';
import { TRPC_BATCH_MAX } from '@perch/shared';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

/**
 * Queries and mutations go in batched POST/GETs (at most as many calls as the server accepts in
 * one); `kiosk.events` is a server-sent event stream.
 * Same origin, so the browser attaches the HttpOnly kiosk cookie itself: this code never sees it.
 * No transformer: the API speaks plain JSON.
 */
export function createKioskClient(url = '/trpc') {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        false: httpBatchLink({ url, maxItems: TRPC_BATCH_MAX }),
      }),
    ],
  });
}
