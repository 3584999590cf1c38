import type { ExistingSession } from '@perch/shared';
import type { AdminMsg } from '../i18n';
import 'messages:existing';

// Where a learner's session is and how long it has left, in the language shown. @perch/shared's
// existingSessionSentence says the same in English for the API's own callers.

/** "Maya Okafor already has a session on Tablet 3, ends in about 20 minutes." */
export function existingSessionMsg(s: ExistingSession): AdminMsg {
  const values = { name: s.learnerName, tablet: s.tabletName, minutes: s.minutesLeft };
  if (s.state !== 'pending') return { id: s.tabletName ? 'existing.runningOn' : 'existing.running', values };
  return { id: s.tabletName ? 'existing.waitingOn' : 'existing.waitingCode', values };
}

/** The short form for a list of left-out learners: "Maya Okafor (on Tablet 3, ends in about 20 minutes)". */
export function existingSessionShortMsg(s: ExistingSession): AdminMsg {
  const values = { name: s.learnerName, tablet: s.tabletName, minutes: s.minutesLeft };
  if (s.state !== 'pending') return { id: s.tabletName ? 'existing.short.runningOn' : 'existing.short.running', values };
  return { id: s.tabletName ? 'existing.short.waitingOn' : 'existing.short.waitingCode', values };
}
