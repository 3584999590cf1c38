import { createLearnerInput, updateLearnerInput, type Learner } from '@perch/shared';
import { optionalNumber, validate, type ValidationResult } from '../lib/validate';

/** What the learner form holds while someone types: strings as typed, so nothing is lost. */
export interface LearnerDraft {
  name: string;
  age: string;
  notes: string;
  consent: boolean;
}

export const EMPTY_LEARNER_DRAFT: LearnerDraft = { name: '', age: '', notes: '', consent: false };

export function draftFromLearner(learner: Learner): LearnerDraft {
  return { name: learner.name, age: learner.age === null ? '' : String(learner.age), notes: learner.notes ?? '', consent: true };
}

const fields = (draft: LearnerDraft) => ({
  name: draft.name,
  age: optionalNumber(draft.age),
  notes: draft.notes.trim() === '' ? null : draft.notes,
});

/** The draft as `learners.create` input, checked by the same schema the server uses. */
export function createInputFromDraft(draft: LearnerDraft) {
  return validate(createLearnerInput, { ...fields(draft), consent: draft.consent });
}

/** The draft as `learners.update` input; an emptied age or notes field clears it. */
export function updateInputFromDraft(learnerId: string, draft: LearnerDraft): ValidationResult<ReturnType<typeof updateLearnerInput.parse>> {
  return validate(updateLearnerInput, { learnerId, ...fields(draft) });
}
