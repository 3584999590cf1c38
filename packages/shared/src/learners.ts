import { z } from 'zod';
import { LEARNERS_LIST, LEARNER_AGE, LEARNER_NAME_MAX, LEARNER_NOTES_MAX } from './constants';
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

export const createLearnerInput = z.object({
  name: learnerName,
  age: learnerAge.nullish(),
  notes: learnerNotes.nullish(),
  /** The adult adding the learner confirms they have consent (the reference system requires it). */
  consent: z.literal(true, { error: 'Confirm that you have consent to add this learner.' }),
});
export type CreateLearnerInput = z.infer<typeof createLearnerInput>;

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
