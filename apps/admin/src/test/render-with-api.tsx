import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createQueryClient } from '../lib/query-client';
import { TRPCProvider, type PerchClient } from '../trpc';

/** Renders a piece of the app with the providers it needs and a (fake) tRPC client. */
export function renderWithApi(ui: ReactElement, client: PerchClient, onSignedOut: () => void = () => {}) {
  const queryClient = createQueryClient(onSignedOut);
  return render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {ui}
      </TRPCProvider>
    </QueryClientProvider>,
  );
}
