import { codeFromFragment, enrollCodeFromFragment } from '@perch/shared';

/** Reads one code from the address's fragment with `read` and, when there is one, wipes the fragment. */
function takeFromAddress(read: (hash: string) => string | null, location: Location, history: History): string | null {
  if (!location.hash) return null;
  const code = read(location.hash);
  if (code !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return code;
}

/**
 * Reads the redemption code from the launch link (`/kiosk/#code=XXXX-XXXX`) and wipes it from the
 * address bar and history at once, before the app makes any request: the code must not linger where
 * the next learner, a screenshot or the browser's history could find it. The code lives on only in
 * memory, until the redeem call.
 */
export function takeCodeFromAddress(location: Location = window.location, history: History = window.history): string | null {
  return takeFromAddress(codeFromFragment, location, history);
}

/** The same for an "Add a tablet" link (`/kiosk/#enroll=XXXX-XXXX`), until the enroll call. */
export function takeEnrollCodeFromAddress(location: Location = window.location, history: History = window.history): string | null {
  return takeFromAddress(enrollCodeFromFragment, location, history);
}
