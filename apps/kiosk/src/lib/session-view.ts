import type { SessionEndKind, SessionState } from '@perch/shared';

/** What the kiosk shows for a session state. `ending` is treated as over: the learner is done. */
export type SessionView = 'in-session' | 'locked' | 'over';

export function viewForState(state: SessionState): SessionView {
  switch (state) {
    case 'pending':
    case 'active':
      return 'in-session';
    case 'locked':
      return 'locked';
    case 'ending':
    case 'ended':
    case 'revoked':
    case 'expired':
      return 'over';
  }
}

/**
 * Whether a session that is over says goodbye: a forced end (an admin's "Force end", a retired
 * tablet) does not, the tablet goes straight back to "Scan your code" for the next learner.
 */
export const saysGoodbye = (session: { endKind: SessionEndKind | null }) => session.endKind !== 'forced';
