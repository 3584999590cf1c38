import type { Problem } from '../lib/friendly-error';
import type { EndedInfo } from '../lib/session-view';

/** Where the kiosk is. Server data (the session itself) lives in the query cache, not here. */
export type Phase =
  /** Launch without a code: asking the server whether this tablet already holds a session. */
  | { kind: 'checking' }
  /** Launch with a code from the link: redeeming it. */
  | { kind: 'redeeming' }
  /** "Scan your code", perhaps after a session ended or with a problem from the last try. */
  | { kind: 'scan'; ended?: EndedInfo; problem?: Problem; problemAt?: number; retryCode?: string }
  | { kind: 'session' }
  /** The launch check could not reach the server (offline, server down). */
  | { kind: 'problem'; problem: Problem };
