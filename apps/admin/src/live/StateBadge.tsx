import type { SessionState } from '@perch/shared';

const LABELS: Record<SessionState, string> = {
  pending: 'Waiting for code',
  active: 'Active',
  locked: 'Locked (idle)',
  ending: 'Ending',
  ended: 'Ended',
  revoked: 'Revoked',
  expired: 'Expired',
};

export const stateLabel = (state: SessionState) => LABELS[state];

/** A session's state in words and colour (the words alone carry the meaning). */
export function StateBadge({ state }: { state: SessionState }) {
  return (
    <span className={`badge badge-state badge-${state}`} data-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}
