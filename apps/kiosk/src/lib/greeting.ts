import type { GuestAgeBand } from '@perch/shared';
import { kioskI18n, type KioskMsg } from '../i18n';
import 'messages:guest';
import 'messages:session';

/**
 * What the tablet calls the person using it: a learner by name; a guest (who has no name in
 * Perch) by a word for their age band, never "Guest (5-9)", in the language shown.
 */
export function nameToCall(learnerName: string, guestAgeBand: GuestAgeBand | null): string {
  if (guestAgeBand === null) return learnerName;
  return kioskI18n.t(guestAgeBand === '5-9' ? 'guest.young' : 'guest.older');
}

/**
 * The session screen's heading and first line. A guest's wording fits their age band: the
 * youngest get short words and a grown-up to ask, teenagers a plainer welcome.
 */
export function greeting(learnerName: string, guestAgeBand: GuestAgeBand | null, endingSoon: boolean): { title: KioskMsg; lead: KioskMsg } {
  const name = nameToCall(learnerName, guestAgeBand);
  switch (guestAgeBand) {
    case '5-9':
      return { title: { id: 'session.greeting', values: { name } }, lead: { id: endingSoon ? 'session.young.nearlyUp' : 'session.young.haveFun' } };
    case '14+':
      return { title: { id: 'session.welcome', values: { name } }, lead: { id: endingSoon ? 'session.nearlyUp' : 'session.teen.ready' } };
    default:
      return { title: { id: 'session.greeting', values: { name } }, lead: { id: endingSoon ? 'session.nearlyUp' : 'session.haveFun' } };
  }
}
