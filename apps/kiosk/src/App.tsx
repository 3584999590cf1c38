import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { AppHeader } from './components/AppHeader';
import { InsecureConnectionScreen } from './components/InsecureConnectionScreen';
import { KioskFlow } from './components/KioskFlow';
import { createKioskClient, TRPCProvider } from './trpc';

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Each screen decides how to retry (a Retry button, the poll, the online event).
      queries: { retry: false, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}

/** The kiosk app. `launchCode` was taken from the address before anything else ran (see main.tsx). */
export function App({ launchCode }: { launchCode: string | null }) {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createKioskClient());
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <AppHeader />
        {/* Without a secure context the session cookie would be dropped: never redeem there. */}
        {window.isSecureContext ? (
          <KioskFlow launchCode={launchCode} />
        ) : (
          <InsecureConnectionScreen hadCode={launchCode !== null} />
        )}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
