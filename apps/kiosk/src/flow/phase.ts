import type { Problem } from '../lib/friendly-error';
import type { EndedInfo } from '../lib/ended';
import type { KioskSession, Redeemed } from '../kiosk-api';

/** Where the kiosk is. The session's live state is followed by the session view, not kept here. */
export type Phase =
  /** Launch without a code: asking the server whether this tablet already holds a session. */
  | { kind: 'checking' }
  /** Launch with a code from the link: redeeming it. */
  | { kind: 'redeeming' }
  /** "Scan your code", perhaps after a session ended or with a problem from the last try. */
  | { kind: 'scan'; ended?: EndedInfo; problem?: Problem; problemAt?: number; retryCode?: string }
  /** In a session; `seed` is what the tablet knows of it so far (the redeem's answer, or the whole session). */
  | { kind: 'session'; seed: KioskSession | Redeemed }
  /** The launch check could not reach the server (offline, server down). */
  | { kind: 'problem'; problem: Problem };
