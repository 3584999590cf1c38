import { useMutation } from '@tanstack/react-query';
import type { Admin } from '@perch/shared';
import { lazyComponent } from '@perch/web';
import { Suspense, useEffect, useRef } from 'react';
import { useI18n, type AdminMessageId } from './i18n';
import { useRoute, type Route } from './lib/routes';
import { useSessionEvents } from './sessions/use-session-events';
import { useTRPC } from './trpc';
import { Brand } from './ui/Brand';
import { LanguageSelect } from './ui/LanguageSelect';
import { Loading } from './ui/Loading';
import { NavLink } from './ui/NavLink';
import { focusPageHeading } from './ui/Page';
import 'messages:app';
import 'messages:nav';
import 'messages:shell';

// One chunk per page: signing in and opening one page does not download the others. All of them
// are fetched once the shell is up, so moving between them does not wait on the network.
const PAGES = {
  learners: lazyComponent(() => import('./learners/LearnersPage').then((m) => m.LearnersPage)),
  class: lazyComponent(() => import('./classes/StartClassPage').then((m) => m.StartClassPage)),
  live: lazyComponent(() => import('./live/LiveSessionsPage').then((m) => m.LiveSessionsPage)),
  agents: lazyComponent(() => import('./agents/AgentsPage').then((m) => m.AgentsPage)),
  audit: lazyComponent(() => import('./audit/AuditPage').then((m) => m.AuditPage)),
  tablets: lazyComponent(() => import('./tablets/TabletsPage').then((m) => m.TabletsPage)),
  classes: lazyComponent(() => import('./classes/ClassesPage').then((m) => m.ClassesPage)),
  help: lazyComponent(() => import('./help/HelpPage').then((m) => m.HelpPage)),
};

interface ShellProps {
  admin: Admin;
  /** False while the sign-in has lapsed: the event stream pauses until the admin is back. */
  live: boolean;
  onSignedOut: () => void;
  onSessionLapsed: () => void;
}

const TITLES: Record<Route, AdminMessageId> = {
  learners: 'nav.learners',
  class: 'nav.class',
  live: 'nav.live',
  agents: 'nav.agents',
  audit: 'nav.audit',
  tablets: 'nav.tablets',
  classes: 'nav.classes',
  help: 'nav.help',
};
/** The working screens, in the navigation; Help sits with the account, apart from them. */
const NAV_ROUTES = (Object.keys(TITLES) as Route[]).filter((r) => r !== 'help');

/** The signed-in frame: top bar, navigation and the current screen. */
export function Shell({ admin, live, onSignedOut, onSessionLapsed }: ShellProps) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const route = useRoute();
  const events = useSessionEvents({ enabled: live, onSignedOut: onSessionLapsed });
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: onSignedOut }));

  useEffect(() => {
    document.title = t('app.title', { page: t(TITLES[route]) });
  }, [route, locale, t]);
  useEffect(() => {
    for (const page of Object.values(PAGES)) page.preload();
  }, []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand compact />
          <nav aria-label={t('shell.nav')} className="nav">
            {NAV_ROUTES.map((r) => (
              <NavLink key={r} to={r} current={route === r}>
                {t(TITLES[r])}
              </NavLink>
            ))}
          </nav>
          <div className="account">
            <LanguageSelect />
            <NavLink to="help" current={route === 'help'} className="nav-link nav-link-help">
              {t('nav.help')}
            </NavLink>
            <span className="account-email" title={admin.email}>
              {admin.name ?? admin.email}
            </span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => logout.mutate()} disabled={logout.isPending}>
              {t('shell.signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={<Loading label={t('shell.openingPage')} />}>
          {route === 'learners' && <PAGES.learners />}
          {route === 'class' && <PAGES.class />}
          {route === 'live' && <PAGES.live eventsStatus={events.status} reconnecting={events.reconnecting} />}
          {route === 'agents' && <PAGES.agents live={live} onSignedOut={onSessionLapsed} />}
          {route === 'audit' && <PAGES.audit />}
          {route === 'tablets' && <PAGES.tablets live={live} />}
          {route === 'classes' && <PAGES.classes />}
          {route === 'help' && <PAGES.help />}
          <HeadingFocus route={route} />
        </Suspense>
      </main>
    </div>
  );
}

/**
 * After a screen change, starts keyboard and screen-reader users at the new screen's heading. Inside
 * the pages' Suspense boundary, so its effect runs once the page (perhaps still loading) is on screen.
 */
function HeadingFocus({ route }: { route: Route }) {
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else focusPageHeading();
  }, [route]);
  return null;
}
