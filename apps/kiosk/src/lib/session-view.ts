import type { SessionEndKind, SessionState } from '@perch/shared';
import type { KioskMsg } from '../i18n';

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
export function endedWords({ because, learnerName }: EndedInfo): { title: KioskMsg; message: KioskMsg } {
  const title = (plain: KioskMsg['id'], named: KioskMsg['id']): KioskMsg =>
    learnerName ? { id: named, values: { name: learnerName } } : { id: plain };
  switch (because) {
    case 'finished':
      return { title: title('ended.finished.title', 'ended.finished.titleNamed'), message: { id: 'ended.finished.message' } };
    case 'expired':
      return { title: title('ended.expired.title', 'ended.expired.titleNamed'), message: { id: 'ended.expired.message' } };
    case 'revoked':
    case 'ended':
      return { title: { id: 'ended.ended.title' }, message: { id: 'ended.ended.message' } };
  }
}
