import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { AuthGate } from './auth/AuthGate';
import { createQueryClient } from './lib/query-client';
import { createPerchClient, TRPCProvider, type PerchClient } from './trpc';

/** Providers and the sign-in gate. `client` is injectable for component tests. */
export function App({ client }: { client?: PerchClient } = {}) {
  const [expired, setExpired] = useState(false);
  const [queryClient] = useState(() => createQueryClient(() => setExpired(true)));
  const [trpcClient] = useState(() => client ?? createPerchClient());
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AuthGate expired={expired} setExpired={setExpired} />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
