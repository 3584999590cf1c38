import { setupTokenFromFragment } from '@perch/shared';
import { useEffect, useState } from 'react';

/**
 * Takes the first-run set-up token from the address (`/admin/#setup=…`) and wipes it from the
 * address bar and history at once, before the app renders or makes any request, as the kiosk does
 * with codes: it must not linger in history, a bookmark or a screenshot. It lives on only in memory.
 */
export function takeSetupTokenFromAddress(location: Location = window.location, history: History = window.history): string | null {
  if (!location.hash) return null;
  const token = setupTokenFromFragment(location.hash);
  if (token !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return token || null;
}

/**
 * The set-up token the app was opened with (`initial`, taken in main.tsx), or one pasted into the
 * address bar of the already open app later: that changes only the fragment, so no page loads.
 */
export function useSetupToken(initial: string | null): string | null {
  const [token, setToken] = useState(initial);
  useEffect(() => {
    const onHashChange = () => {
      const pasted = takeSetupTokenFromAddress();
      if (pasted) setToken(pasted);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return token;
}
