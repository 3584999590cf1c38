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

/** Why a session is over, as the ended screen words it. */
export type EndedBecause = 'finished' | 'ended' | 'revoked' | 'expired';

export function endedBecause(state: SessionState): EndedBecause {
  if (state === 'revoked') return 'revoked';
  if (state === 'expired') return 'expired';
  return 'ended';
}

/**
 * Whether a session that is over says goodbye: a forced end (an admin's "Force end", a retired
 * tablet) does not, the tablet goes straight back to "Scan your code" for the next learner.
 */
export const saysGoodbye = (session: { endKind: SessionEndKind | null }) => session.endKind !== 'forced';

export interface EndedInfo {
  because: EndedBecause;
  learnerName: string | null;
}

/** The ended screen's heading and sentence for each way a session can end. */
export function endedWords({ because, learnerName }: EndedInfo): { title: string; message: string } {
  const name = learnerName ? `, ${learnerName}` : '';
  switch (because) {
    case 'finished':
      return { title: `Great work${name}!`, message: 'You finished your session. Please hand the tablet back.' };
    case 'expired':
      return { title: `Time’s up${name}!`, message: 'Your session time has run out. Thanks for making with us today.' };
    case 'revoked':
    case 'ended':
      return { title: 'Your session has ended', message: 'A staff member ended this session. Thanks for making with us today.' };
  }
}
