import { useI18n, type KioskMsg } from '../i18n';
import type { Problem } from '../lib/friendly-error';
import { Icon, RETRY_ICON } from './Icon';
import 'messages:problem';

interface ProblemNoticeProps {
  problem: Problem;
  /** Replaces the message, e.g. a live "try again in about 9 minutes". */
  message?: KioskMsg | undefined;
  onRetry?: (() => void) | undefined;
  busy?: boolean;
}

/** A friendly, announced error with a Retry button when trying again can help. */
export function ProblemNotice({ problem, message, onRetry, busy = false }: ProblemNoticeProps) {
  const { t } = useI18n();
  return (
    <div className="notice problem" role="alert">
      <h2>{t(problem.title)}</h2>
      <p>{t(message ?? problem.message)}</p>
      {onRetry && problem.canRetry && (
        <button type="button" className="button" onClick={onRetry} disabled={busy}>
          <Icon path={RETRY_ICON} />
          {t(busy ? 'problem.retrying' : 'problem.retry')}
        </button>
      )}
    </div>
  );
}
