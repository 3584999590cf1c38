import type { SessionState } from '@perch/shared';
import { t, useI18n } from '../i18n';
import 'messages:state';

/** A session's state in words, in the language shown (catalog: `state.<state>`). */
export const stateLabel = (state: SessionState) => t(`state.${state}`);

/** A session's state in words and colour (the words alone carry the meaning). */
export function StateBadge({ state }: { state: SessionState }) {
  useI18n();
  return (
    <span className={`badge badge-state badge-${state}`} data-state={state}>
      <span className="badge-dot" aria-hidden="true" />
      {stateLabel(state)}
    </span>
  );
}
