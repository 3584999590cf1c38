import type { SessionState } from '@perch/shared';
import type { KioskMsg } from '../i18n';
import 'messages:ended';

// The ended notice's words, apart from session-view.ts: only the screens after a session need them.

/** Why a session is over, as the ended screen words it. */
export type EndedBecause = 'finished' | 'ended' | 'revoked' | 'expired';

export function endedBecause(state: SessionState): EndedBecause {
  if (state === 'revoked') return 'revoked';
  if (state === 'expired') return 'expired';
  return 'ended';
}

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
