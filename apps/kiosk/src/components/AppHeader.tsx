import type { ReactNode } from 'react';

/** The brand bar: tells staff which app this is (and, when enrolled, which tablet) at a glance. */
export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" width={44} height={44} />
      <span className="brand">
        Perch<small>Kiosk</small>
      </span>
      {children}
    </header>
  );
}
