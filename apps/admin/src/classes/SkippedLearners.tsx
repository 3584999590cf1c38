import { existingSessionShort, type ExistingSession } from '@perch/shared';

/** Who a class start left out because they already have a session, and where that session is. */
export function SkippedLearners({ skipped }: { skipped: ExistingSession[] }) {
  if (skipped.length === 0) return null;
  return (
    <p className="notice notice-info" role="status">
      Left out because they already have a session: {skipped.map(existingSessionShort).join('; ')}. End theirs under Live sessions
      first if they need a fresh one.
    </p>
  );
}
