import { useI18n } from '../i18n';
import type { Problem } from '../lib/friendly-error';
import { Icon, RETRY_ICON } from './Icon';
import { Screen } from './Screen';
import 'messages:problem';

interface ProblemScreenProps {
  problem: Problem;
  onRetry: () => void;
  busy?: boolean;
}

/** The app could not reach Perch at all (offline, server down): say so and offer Retry. */
export function ProblemScreen({ problem, onRetry, busy = false }: ProblemScreenProps) {
  const { t } = useI18n();
  return (
    <Screen title={t(problem.title)}>
      <p className="lead" role="alert">
        {t(problem.message)}
      </p>
      {problem.kind === 'offline' && <p className="lead">{t('problem.offlineAuto')}</p>}
      <button type="button" className="button" onClick={onRetry} disabled={busy}>
        <Icon path={RETRY_ICON} />
        {t(busy ? 'problem.retrying' : 'problem.retry')}
      </button>
    </Screen>
  );
}
