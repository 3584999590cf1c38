import type { ReactNode } from 'react';
import { hrefFor, navigate, type Route } from '../lib/routes';

/** A real link (middle-click and "open in new tab" work) that switches screens without a reload. */
export function NavLink({ to, current, className = 'nav-link', children }: { to: Route; current: boolean; className?: string; children: ReactNode }) {
  return (
    <a
      href={hrefFor(to)}
      className={current ? `${className} nav-link-current` : className}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
