import { useSyncExternalStore } from 'react';

/** The admin's screens, by path under the app's base (`/admin/`). */
export const ROUTES = {
  learners: '',
  class: 'class',
  live: 'live',
  agents: 'agents',
  audit: 'audit',
  tablets: 'tablets',
  classes: 'classes',
  help: 'help',
} as const;
export type Route = keyof typeof ROUTES;

const BASE = import.meta.env.BASE_URL; // '/admin/'
const NAVIGATE_EVENT = 'perch:navigate';

export function hrefFor(route: Route): string {
  return `${BASE}${ROUTES[route]}`;
}

/** Which screen a path shows; unknown paths fall back to the learners list. */
export function routeFromPath(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname.replace(/^\//, '');
  const segment = rest.split('/')[0] ?? '';
  const match = (Object.keys(ROUTES) as Route[]).find((r) => ROUTES[r] === segment);
  return match ?? 'learners';
}

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.pathname !== href) window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

/** The current screen, following links and the browser's back/forward buttons. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromPath(window.location.pathname));
}
