/**
 * Machine-readable reasons carried in a tRPC error's `data.reason`, beside its HTTP-like `code`,
 * so clients can show the right words without parsing messages.
 */
export const ERROR_REASONS = [
  'CODE_MALFORMED',
  'CODE_UNKNOWN',
  'CODE_USED',
  'CODE_EXPIRED',
  'SESSION_ENDED',
  /**
   * As SESSION_ENDED, for the tablet whose session an admin force-ended: it goes straight back to
   * "Scan your code" without the goodbye, as when the event stream tells it (endKind `forced`).
   */
  'SESSION_FORCE_ENDED',
  'RATE_LIMITED',
  'CROSS_SITE',
  /** The request's Host is none of Perch's configured names (DNS rebinding). */
  'UNKNOWN_HOST',
  /** A tRPC batch too large, or carrying a procedure that travels alone (sign-in, the lists). */
  'BATCH_REFUSED',
  'INVALID_TRANSITION',
  'INVALID_CREDENTIALS',
  'NOT_SIGNED_IN',
  'NOT_FOUND',
  'VALIDATION',
  /** The learner is archived: they can be read but no longer changed or given sessions. */
  'LEARNER_ARCHIVED',
  /**
   * Adding many learners: some names are those of learners already on the list. Nothing was
   * added; `data.fieldErrors` names the rows (`learners.3.name`). Send again with
   * `addSameNames: true` when they are different people.
   */
  'LEARNER_NAME_EXISTS',
  /** The setting is pinned by the server's configuration (e.g. PERCH_POLICY_FILE) and cannot be changed here. */
  'READ_ONLY',
  /**
   * Perch cannot answer right now (its database or Redis is unreachable, or this instance is
   * shutting down): a 503 with Retry-After. Nothing was changed; the same request may work shortly.
   */
  'UNAVAILABLE',
  /** Only enrolled tablets may do that (this browser is not one, or was retired). */
  'NOT_ENROLLED',
  /** Perch already has an admin: first-run set-up is over and its links no longer work. */
  'ALREADY_SET_UP',
  /**
   * The learner already has a session waiting or running, and the start did not say to end it or
   * keep it (onExisting); `data.existingSessions` names it. Nothing was started.
   */
  'LEARNER_HAS_SESSION',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
