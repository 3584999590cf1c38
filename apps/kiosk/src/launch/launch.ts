import { kioskApi, type KioskSession, type Redeemed } from '../kiosk-api';
import sessionScreenFiles from 'virtual:session-screen-files';
import { takeCodeFromAddress, takeEnrollCodeFromAddress } from './take-code-from-address';

export type Launch =
  /** Not a secure context: the session cookie would be dropped, so nothing is sent (see App). */
  | { kind: 'insecure'; hadCode: boolean }
  | { kind: 'redeem'; code: string; answer: Promise<Redeemed> }
  /** No code: does this tablet's cookie still hold a session (an app relaunch resumes it)? */
  | { kind: 'check'; answer: Promise<KioskSession> };

/**
 * The kiosk's first moves. index.html loads this module as its own small script ahead of the app's
 * bundle, so the redeem (or the session check) is on the wire while React still downloads and parses.
 * First of all, before any request, the code leaves the address bar (see takeCodeFromAddress).
 */
function begin(): Launch {
  const code = takeCodeFromAddress();
  if (!window.isSecureContext) return { kind: 'insecure', hadCode: code !== null };
  const launch: Launch = code ? { kind: 'redeem', code, answer: kioskApi.redeem(code) } : { kind: 'check', answer: kioskApi.me() };
  // The app handles a failure when it takes the answer; until then it is not "unhandled".
  launch.answer.catch(() => {});
  // A redeem link leads to the session screen: fetch it beside the app's bundle, not after it (the
  // app's own import of it then finds it here).
  if (code) {
    for (const href of sessionScreenFiles) {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      document.head.append(link);
    }
  }
  return launch;
}

/**
 * An "Add a tablet" link's enrollment code (`#enroll=…`), out of the address bar before any
 * request, like a session code; the app enrolls with it (device/useDevice.ts).
 */
export const launchEnrollCode: string | null = takeEnrollCodeFromAddress();

/** Begun once, by whichever script evaluates this module first. */
export const launch: Launch = begin();
