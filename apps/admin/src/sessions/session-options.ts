import { IDLE_LOCK_MIN, SESSION_DURATION_MIN, startSessionInput } from '@perch/shared';
import { optionalNumber, validate } from '../lib/validate';

/** Duration and idle lock as typed (strings), shared by "Start session" and "Start class". */
export interface SessionOptionsDraft {
  durationMin: string;
  idleLockMin: string;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptionsDraft = {
  durationMin: String(SESSION_DURATION_MIN.default),
  idleLockMin: String(IDLE_LOCK_MIN.default),
};

const optionsSchema = startSessionInput.pick({ durationMin: true, idleLockMin: true });

/** Checks the options with the server's own rules; an empty field means the default. */
export function sessionOptionsFromDraft(draft: SessionOptionsDraft) {
  return validate(optionsSchema, {
    durationMin: optionalNumber(draft.durationMin) ?? undefined,
    idleLockMin: optionalNumber(draft.idleLockMin) ?? undefined,
  });
}
