import type { AppRouter } from '@perch/api';
import { TRPC_BATCH_MAX, UNBATCHED_PROCEDURES } from '@perch/shared';
import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { clockedFetch } from './lib/server-clock';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const unbatched: readonly string[] = UNBATCHED_PROCEDURES;

/**
 * Queries and mutations go in batches over fetch, at most as many as the server accepts in one;
 * sign-in and the lists travel alone (UNBATCHED_PROCEDURES: the server refuses them inside a
 * batch); `sessions.events` is a server-sent event stream. All ride the same origin, so the HttpOnly admin cookie travels with
 * them and JS never sees it. Every answer also tells the server's clock (lib/server-clock.ts).
 */
export function createPerchClient(baseUrl = '/trpc') {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: baseUrl }),
        false: splitLink({
          condition: (op) => unbatched.includes(op.path),
          true: httpLink({ url: baseUrl, fetch: clockedFetch }),
          false: httpBatchLink({ url: baseUrl, maxItems: TRPC_BATCH_MAX, fetch: clockedFetch }),
        }),
      }),
    ],
  });
}
export type PerchClient = ReturnType<typeof createPerchClient>;
