import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { AuthGate } from './auth/AuthGate';
import { I18nProvider } from './i18n';
import { createQueryClient } from './lib/query-client';
import { createPerchClient, TRPCProvider, type PerchClient } from './trpc';

interface AppProps {
  /** Injectable for component tests. */
  client?: PerchClient;
  /** A first-run set-up token taken from the address at launch (main.tsx). */
  setupToken?: string | null;
}

/** Providers and the sign-in gate. */
export function App({ client, setupToken = null }: AppProps = {}) {
  const [expired, setExpired] = useState(false);
  const [queryClient] = useState(() => createQueryClient(() => setExpired(true)));
  const [trpcClient] = useState(() => client ?? createPerchClient());
  return (
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <AuthGate expired={expired} setExpired={setExpired} setupToken={setupToken} />
        </TRPCProvider>
      </QueryClientProvider>
    </I18nProvider>
  );
}
