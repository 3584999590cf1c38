import type { AppRouter } from '@perch/api';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * Queries and mutations go in batches over fetch; `sessions.events` is a server-sent event stream.
 * Both ride the same origin, so the HttpOnly admin cookie travels with them and JS never sees it.
 */
export function createPerchClient(baseUrl = '/trpc') {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: baseUrl }),
        false: httpBatchLink({ url: baseUrl }),
      }),
    ],
  });
}
export type PerchClient = ReturnType<typeof createPerchClient>;
