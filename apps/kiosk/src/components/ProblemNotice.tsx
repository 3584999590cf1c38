import type { Problem } from '../lib/friendly-error';
import { Icon } from './Icon';

interface ProblemNoticeProps {
  problem: Problem;
  /** Replaces the message, e.g. a live "try again in 0:42". */
  message?: string;
  onRetry?: (() => void) | undefined;
  busy?: boolean;
}

/** A friendly, announced error with a Retry button when trying again can help. */
export function ProblemNotice({ problem, message, onRetry, busy = false }: ProblemNoticeProps) {
  return (
    <div className="notice problem" role="alert">
      <h2>{problem.title}</h2>
      <p>{message ?? problem.message}</p>
      {onRetry && problem.canRetry && (
        <button type="button" className="button" onClick={onRetry} disabled={busy}>
          <Icon name="retry" />
          {busy ? 'Trying…' : 'Try again'}
        </button>
      )}
    </div>
  );
}
