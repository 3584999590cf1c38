import { z } from 'zod';
import { LEARNERS_ADD_MANY_MAX, LEARNERS_LIST, LEARNER_AGE, LEARNER_NAME_MAX, LEARNER_NOTES_MAX } from './constants';
import { idSchema, isoDate } from './common';
import { safeText } from './text';

const learnerName = safeText({ error: 'Enter the learner’s name.' })
  .min(1, { error: 'Enter the learner’s name.' })
  .max(LEARNER_NAME_MAX, { error: `A name can be at most ${LEARNER_NAME_MAX} characters.` });
const learnerAge = z
  .number({ error: 'Age must be a whole number.' })
  .int({ error: 'Age must be a whole number.' })
  .min(LEARNER_AGE.min, { error: `Age must be between ${LEARNER_AGE.min} and ${LEARNER_AGE.max}.` })
  .max(LEARNER_AGE.max, { error: `Age must be between ${LEARNER_AGE.min} and ${LEARNER_AGE.max}.` });
const learnerNotes = safeText({ multiline: true }).max(LEARNER_NOTES_MAX, {
  error: `Notes can be at most ${LEARNER_NOTES_MAX} characters.`,
});

/** A new learner's details: the same fields and rules whether added alone or many at once. */
export const newLearnerFields = z.object({
  name: learnerName,
  age: learnerAge.nullish(),
  notes: learnerNotes.nullish(),
});

export const createLearnerInput = newLearnerFields.extend({
  /** The adult adding the learner confirms they have consent (the reference system requires it). */
  consent: z.literal(true, { error: 'Confirm that you have consent to add this learner.' }),
});
export type CreateLearnerInput = z.infer<typeof createLearnerInput>;

/**
 * The form of a name that search, sort and "is this the same name?" compare: accents folded, lower
 * case, spaces collapsed. Computed in code rather than SQL because SQLite's lower() only knows
 * ASCII and neither database folds accents, so "elo" finds "Élodie" the same way on SQLite and
 * PostgreSQL, and "ÉLODIE Brun" is the same name as "Élodie  Brun".
 */
export function learnerSearchKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export const REPEATED_NAME_MESSAGE = 'This name is already higher up in the list.';

/** The positions of names that repeat an earlier one (compared by learnerSearchKey); the first stays unmarked. */
export function repeatedNames(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeats: number[] = [];
  names.forEach((name, index) => {
    const key = learnerSearchKey(name);
    if (!key) return; // an empty name has its own sentence
    if (seen.has(key)) repeats.push(index);
    seen.add(key);
  });
  return repeats;
}

/**
 * Adds many learners in one go (a pasted list or a CSV), all or none. One consent covers the
 * batch, under the same rule as adding one. Each row is checked as `learners.create` checks its
 * input, and a name may appear once per batch; every problem comes back on its row's path
 * (`learners.3.name`), so a client can show it there.
 */
export const createManyLearnersInput = z.object({
  learners: z
    .array(newLearnerFields)
    .min(1, { error: 'Add at least one learner.' })
    .max(LEARNERS_ADD_MANY_MAX, {
      error: `You can add at most ${LEARNERS_ADD_MANY_MAX} learners at once. Split the list and add the rest separately.`,
    })
    .superRefine(
      (rows, ctx) => {
        // Also runs when other rows failed (see `when`), so their problems come back together. Zod
        // skips it only beside a problem that stops checking (a hidden character, an age that is
        // not a whole number): those come back first. The admin app checks repeats itself.
        const names = rows.map((row) => (typeof row?.name === 'string' ? row.name : ''));
        for (const index of repeatedNames(names)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: REPEATED_NAME_MESSAGE });
      },
      { when: (payload) => Array.isArray(payload.value) },
    ),
  /** The adult adding them confirms they have consent for every learner in the batch. */
  consent: z.literal(true, { error: 'Confirm that you have consent to add these learners.' }),
  /**
   * Names that match a learner already on the list (not archived) are refused with
   * LEARNER_NAME_EXISTS unless this is true: the admin has seen them and they are different people.
   */
  addSameNames: z.boolean().optional(),
});
export type CreateManyLearnersInput = z.input<typeof createManyLearnersInput>;

export const updateLearnerInput = z.object({
  learnerId: idSchema,
  name: learnerName.optional(),
  age: learnerAge.nullish(),
  notes: learnerNotes.nullish(),
});
export type UpdateLearnerInput = z.infer<typeof updateLearnerInput>;

export const learnerIdInput = z.object({ learnerId: idSchema });

export const listLearnersInput = z
  .object({
    search: safeText().max(LEARNER_NAME_MAX).optional(),
    includeArchived: z.boolean().optional(),
    /** At most this many learners, in name order: search to find others. */
    limit: z.number().int().min(1).max(LEARNERS_LIST.max).optional(),
  })
  .optional();

export const learnerOutput = z.object({
  id: z.string(),
  name: z.string(),
  age: z.number().nullable(),
  notes: z.string().nullable(),
  consentAt: isoDate,
  createdAt: isoDate,
  archivedAt: isoDate.nullable(),
});
export type Learner = z.infer<typeof learnerOutput>;

export const createManyLearnersOutput = z.object({
  /** The learners added, in the order they were sent. */
  learners: z.array(learnerOutput),
});
export type CreateManyLearnersOutput = z.infer<typeof createManyLearnersOutput>;
