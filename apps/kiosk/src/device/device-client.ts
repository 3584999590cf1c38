import type { AppRouter } from '@perch/api';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';

/**
 * The tablet's own calls (enroll, which tablet am I, its event stream), on a client of their own so
 * they do not depend on how the session screens talk to Perch. Loaded on demand (see follow-device.ts).
 * Same origin: the browser attaches the HttpOnly device cookie; this code never sees it.
 */
export const deviceClient = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpLink({ url: '/trpc' }),
    }),
  ],
});
