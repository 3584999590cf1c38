import { codeFromFragment } from '@perch/shared';

/**
 * Reads the redemption code from the launch link (`/kiosk/#code=XXXX-XXXX`) and wipes it from the
 * address bar and history at once, before the app makes any request: the code must not linger where
 * the next learner, a screenshot or the browser's history could find it. The code lives on only in
 * memory, until the redeem call.
 */
export function takeCodeFromAddress(location: Location = window.location, history: History = window.history): string | null {
  if (!location.hash) return null;
  const code = codeFromFragment(location.hash);
  if (code !== null) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return code;
}
