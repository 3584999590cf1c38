import type { GuestAgeBand } from '@perch/shared';

/**
 * What the tablet calls the person using it: a learner by name; a guest (who has no name in
 * Perch) by a word for their age band, never "Guest (5-9)".
 */
export function nameToCall(learnerName: string, guestAgeBand: GuestAgeBand | null): string {
  if (guestAgeBand === null) return learnerName;
  return guestAgeBand === '5-9' ? 'explorer' : 'maker';
}

/**
 * The session screen's heading and first line. A guest's wording fits their age band: the
 * youngest get short words and a grown-up to ask, teenagers a plainer welcome.
 */
export function greeting(learnerName: string, guestAgeBand: GuestAgeBand | null, endingSoon: boolean): { title: string; lead: string } {
  const name = nameToCall(learnerName, guestAgeBand);
  switch (guestAgeBand) {
    case '5-9':
      return {
        title: `Hi, ${name}!`,
        lead: endingSoon ? 'Time is almost up. Let’s tidy up!' : 'Have fun making! Ask a grown-up if you need a hand.',
      };
    case '14+':
      return {
        title: `Welcome, ${name}!`,
        lead: endingSoon ? 'Your time is nearly up: time to wrap up.' : 'Your guest session is ready. Make something great.',
      };
    default:
      return {
        title: `Hi, ${name}!`,
        lead: endingSoon ? 'Your time is nearly up: time to wrap up.' : 'You’re all set. Have fun making!',
      };
  }
}
