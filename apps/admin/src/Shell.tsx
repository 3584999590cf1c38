import { useMutation } from '@tanstack/react-query';
import type { Admin } from '@perch/shared';
import { useEffect, useRef } from 'react';
import { AgentsPage } from './agents/AgentsPage';
import { AuditPage } from './audit/AuditPage';
import { StartClassPage } from './classes/StartClassPage';
import { LearnersPage } from './learners/LearnersPage';
import { useRoute, type Route } from './lib/routes';
import { LiveSessionsPage } from './live/LiveSessionsPage';
import { useSessionEvents } from './sessions/use-session-events';
import { useTRPC } from './trpc';
import { Brand } from './ui/Brand';
import { NavLink } from './ui/NavLink';

interface ShellProps {
  admin: Admin;
  /** False while the sign-in has lapsed: the event stream pauses until the admin is back. */
  live: boolean;
  onSignedOut: () => void;
  onSessionLapsed: () => void;
}

const TITLES: Record<Route, string> = {
  learners: 'Learners',
  class: 'Start a class',
  live: 'Live sessions',
  agents: 'Agents',
  audit: 'Audit log',
};

/** The signed-in frame: top bar, navigation and the current screen. */
export function Shell({ admin, live, onSignedOut, onSessionLapsed }: ShellProps) {
  const trpc = useTRPC();
  const route = useRoute();
  const events = useSessionEvents({ enabled: live, onSignedOut: onSessionLapsed });
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSettled: onSignedOut }));
  const firstRender = useRef(true);

  useEffect(() => {
    document.title = `${TITLES[route]} · Perch admin`;
    // After a screen change, start keyboard and screen-reader users at the new screen's heading.
    if (firstRender.current) firstRender.current = false;
    else document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand compact />
          <nav aria-label="Main" className="nav">
            {(Object.keys(TITLES) as Route[]).map((r) => (
              <NavLink key={r} to={r} current={route === r}>
                {TITLES[r]}
              </NavLink>
            ))}
          </nav>
          <div className="account">
            <span className="account-email" title={admin.email}>
              {admin.email}
            </span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => logout.mutate()} disabled={logout.isPending}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {route === 'learners' && <LearnersPage />}
        {route === 'class' && <StartClassPage />}
        {route === 'live' && <LiveSessionsPage eventsStatus={events.status} />}
        {route === 'agents' && <AgentsPage live={live} onSignedOut={onSessionLapsed} />}
        {route === 'audit' && <AuditPage />}
      </main>
    </div>
  );
}
