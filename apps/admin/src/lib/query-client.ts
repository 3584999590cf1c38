import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { isSignedOutError } from './errors';

/** 4xx answers will not change on retry; network blips and 5xx might. */
function shouldRetry(failureCount: number, err: unknown): boolean {
  if (err instanceof TRPCClientError) {
    const status = (err.data as { httpStatus?: number } | undefined)?.httpStatus;
    if (status !== undefined && status < 500) return false;
  }
  return failureCount < 2;
}

/**
 * The app's query cache. Any call answered UNAUTHORIZED (an expired admin session) reports to
 * `onSignedOut`, which raises the sign-in overlay over the still-mounted app.
 */
export function createQueryClient(onSignedOut: () => void): QueryClient {
  const onError = (err: unknown) => {
    if (isSignedOutError(err)) onSignedOut();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
