import type { Problem } from '../lib/friendly-error';
import { Icon } from './Icon';
import { Screen } from './Screen';

interface ProblemScreenProps {
  problem: Problem;
  onRetry: () => void;
  busy?: boolean;
}

/** The app could not reach Perch at all (offline, server down): say so and offer Retry. */
export function ProblemScreen({ problem, onRetry, busy = false }: ProblemScreenProps) {
  return (
    <Screen title={problem.title}>
      <p className="lead" role="alert">
        {problem.message}
      </p>
      {problem.kind === 'offline' && <p className="lead">We’ll try again by ourselves as soon as the tablet is back online.</p>}
      <button type="button" className="button" onClick={onRetry} disabled={busy}>
        <Icon name="retry" />
        {busy ? 'Trying…' : 'Try again'}
      </button>
    </Screen>
  );
}
