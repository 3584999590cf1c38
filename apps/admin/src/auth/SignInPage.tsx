import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Admin } from '@perch/shared';
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { useTRPC } from '../trpc';
import { Brand } from '../ui/Brand';
import { LanguageSelect } from '../ui/LanguageSelect';
import { Loading } from '../ui/Loading';
import { InsecureConnectionNotice } from './InsecureConnectionNotice';
import { SetUpPanel } from './SetUpPanel';
import { SignInForm } from './SignInForm';
import 'messages:app';
import 'messages:auth';
import 'messages:setup';

interface SignInPageProps {
  onSignedIn: (admin: Admin) => void;
  /** The first-run set-up token, when the app was opened with a set-up link. */
  setupToken?: string | null;
}

/**
 * The first screen: who Perch is for, and the sign-in form; or, while Perch has no admin at all,
 * first-run set-up (the form for whoever holds the set-up link, directions to it for anyone else).
 */
export function SignInPage({ onSignedIn, setupToken = null }: SignInPageProps) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Should it fail, sign-in is the safe fallback: it is what every Perch with an admin shows.
  const setup = useQuery({ ...trpc.auth.setupStatus.queryOptions(), retry: false, staleTime: Infinity });
  const settingUp = setup.data?.needed === true;
  const title = t(settingUp ? 'setup.title' : 'auth.signIn');

  useEffect(() => {
    document.title = t('app.title', { page: title });
    // Start keyboard users in the form, not at the top of the document.
    document.querySelector<HTMLElement>('.signin-card [data-autofocus]')?.focus();
  }, [title, setup.isPending, t, locale]);

  const onAlreadySetUp = () => queryClient.setQueryData(trpc.auth.setupStatus.queryKey(), { needed: false });

  return (
    <main className="signin-page">
      <div className="signin-card">
        <LanguageSelect />
        <Brand />
        {setup.isPending ? (
          <Loading label={t('auth.opening')} />
        ) : settingUp ? (
          <SetUpPanel token={setupToken} onSignedIn={onSignedIn} onAlreadySetUp={onAlreadySetUp} />
        ) : (
          <>
            <h1>{t('auth.signIn')}</h1>
            <p className="muted">{t('auth.who')}</p>
            {setupToken && (
              <p className="notice notice-info" role="status">
                {t('setup.alreadyDone')}
              </p>
            )}
            {window.isSecureContext ? <SignInForm onSignedIn={onSignedIn} /> : <InsecureConnectionNotice />}
          </>
        )}
      </div>
    </main>
  );
}
