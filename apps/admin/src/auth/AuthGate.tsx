import { hashKey, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Admin } from '@perch/shared';
import { useCallback } from 'react';
import { useI18n } from '../i18n';
import { isSignedOutError, toUserError } from '../lib/errors';
import { useTRPC } from '../trpc';
import { Shell } from '../Shell';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Loading } from '../ui/Loading';
import { SignInAgainDialog } from './SignInAgainDialog';
import { SignInPage } from './SignInPage';
import { useSetupToken } from './setup-link';
import 'messages:auth';
import 'messages:common';

interface AuthGateProps {
  /** Set when any call came back UNAUTHORIZED after the admin had signed in. */
  expired: boolean;
  setExpired: (expired: boolean) => void;
  /** The first-run set-up token, when the app was opened with a set-up link (see setup-link.ts). */
  setupToken?: string | null;
}

/**
 * Decides between the sign-in page and the app. Who is signed in comes from `auth.me`; once
 * someone is, a lapsed session raises a sign-in dialog OVER the app instead of replacing it.
 */
export function AuthGate({ expired, setExpired, setupToken: launchToken = null }: AuthGateProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const setupToken = useSetupToken(launchToken);
  const queryClient = useQueryClient();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), retry: false, staleTime: 60_000 });

  const onSignedIn = useCallback(
    (admin: Admin) => {
      queryClient.setQueryData(trpc.auth.me.queryKey(), admin);
      setExpired(false);
      // Everything that failed while signed out is fetched again; open forms were never unmounted.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryHash !== meHash(trpc) });
    },
    [queryClient, setExpired, trpc],
  );

  const onSignedOut = useCallback(async () => {
    await queryClient.resetQueries({ queryKey: trpc.auth.me.queryKey() });
    // The next person to sign in on this browser must not see the last one's data.
    queryClient.removeQueries({ predicate: (q) => q.queryHash !== meHash(trpc) });
    setExpired(false);
  }, [queryClient, setExpired, trpc]);

  if (me.data) {
    return (
      <>
        <Shell admin={me.data} live={!expired} onSignedOut={() => void onSignedOut()} onSessionLapsed={() => setExpired(true)} />
        {expired && <SignInAgainDialog email={me.data.email} onSignedIn={onSignedIn} />}
      </>
    );
  }
  if (me.isPending) {
    return (
      <main className="splash">
        <Loading label={t('auth.opening')} />
      </main>
    );
  }
  if (isSignedOutError(me.error)) return <SignInPage onSignedIn={onSignedIn} setupToken={setupToken} />;
  return (
    <main className="splash">
      <ErrorNotice
        action={
          <button type="button" className="btn" onClick={() => void me.refetch()}>
            {t('common.tryAgain')}
          </button>
        }
      >
        {toUserError(me.error).message}
      </ErrorNotice>
    </main>
  );
}

function meHash(trpc: ReturnType<typeof useTRPC>): string {
  return hashKey(trpc.auth.me.queryKey());
}
