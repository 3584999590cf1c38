import { z } from 'zod';
import { MINUTE_MS } from './constants';
import { isoDate } from './common';

/**
 * A learner who already has a session (waiting for its code or tablet, or running) does not get a
 * second one by accident. A single start says what to do then: `refuse` (the default: CONFLICT,
 * reason LEARNER_HAS_SESSION, naming the session), `end` (end it and start this one, in one
 * transaction) or `keep` (start a second one beside it).
 */
export const ON_EXISTING = ['refuse', 'end', 'keep'] as const;
export const onExisting = z.enum(ON_EXISTING, {
  error: 'onExisting is "refuse", "end" (end the learner’s session and start this one) or "keep" (start a second one beside it).',
});
export type OnExisting = z.infer<typeof onExisting>;

/** A class start leaves such learners out (`skip`, the default and reported), or ends or keeps theirs. */
export const ON_EXISTING_IN_CLASS = ['skip', 'end', 'keep'] as const;
export const onExistingInClass = z.enum(ON_EXISTING_IN_CLASS, {
  error: 'onExisting is "skip" (leave out learners who already have a session), "end" (end theirs first) or "keep" (start a second one).',
});
export type OnExistingInClass = z.infer<typeof onExistingInClass>;

/**
 * The states of a session that counts as a learner's own (onExisting): waiting for its code or
 * tablet, or running. `ending` is not one: the learner is done, their tablet is saying goodbye.
 */
export const EXISTING_SESSION_STATES = ['pending', 'active', 'locked'] as const;

/** A learner's session that is waiting or running: what a refusal or a class start's `skipped` names. */
export const existingSession = z.object({
  sessionId: z.string(),
  learnerId: z.string(),
  learnerName: z.string(),
  /** `pending`: waiting for its code (or for its tablet to open it); `active` or `locked`: running. */
  state: z.enum(EXISTING_SESSION_STATES),
  /** The enrolled tablet it runs on, or was sent to; null on an unenrolled browser or a card not yet used. */
  tabletName: z.string().nullable(),
  /** When it ends (running) or when its code or send lapses (waiting). */
  endsAt: isoDate,
  /** Whole minutes until `endsAt` by the server's clock, rounded up (so a screen's clock does not matter). */
  minutesLeft: z.number(),
});
export type ExistingSession = z.infer<typeof existingSession>;

/** Whole minutes left, rounded up: "ends in about 1 minute" rather than "in 0". */
export const minutesLeft = (endsAt: number, now: number) => Math.max(1, Math.ceil((endsAt - now) / MINUTE_MS));

const aboutMinutes = (n: number) => (n <= 1 ? 'about a minute' : `about ${n} minutes`);

/** "Maya Okafor already has a session on Tablet 3, ends in about 20 minutes." */
export function existingSessionSentence(s: ExistingSession): string {
  const when = aboutMinutes(s.minutesLeft);
  if (s.state !== 'pending') {
    return `${s.learnerName} already has a session ${s.tabletName ? `on ${s.tabletName}` : 'running'}, ends in ${when}.`;
  }
  return s.tabletName
    ? `${s.learnerName} already has a session waiting to open on ${s.tabletName}.`
    : `${s.learnerName} already has a session waiting for its code, which expires in ${when}.`;
}

/** The short form for a list of left-out learners: "Maya Okafor (on Tablet 3, ends in about 20 minutes)". */
export function existingSessionShort(s: ExistingSession): string {
  const when = aboutMinutes(s.minutesLeft);
  if (s.state !== 'pending') return `${s.learnerName} (${s.tabletName ? `on ${s.tabletName}, ` : ''}ends in ${when})`;
  return `${s.learnerName} (${s.tabletName ? `waiting to open on ${s.tabletName}` : `card not used yet, expires in ${when}`})`;
}
