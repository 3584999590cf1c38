import type { ReactNode } from 'react';
import { LanguageSwitch } from './LanguageSwitch';

/** The brand bar: tells staff which app this is (and, when enrolled, which tablet) at a glance, and switches language. */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={44} height={44} />
      <span className="brand">
        Perch<small>Kiosk</small>
      </span>
      <div className="header-end">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
