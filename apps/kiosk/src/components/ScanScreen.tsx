import { useI18n, type KioskMsg } from '../i18n';
import { waitMessage, type Problem } from '../lib/friendly-error';
import type { EndedInfo } from '../lib/ended';
import { useNow } from '../hooks/useNow';
import { CameraScanner } from './CameraScanner';
import { CodeEntryForm } from './CodeEntryForm';
import { EndedNotice } from './EndedNotice';
import { ProblemNotice } from './ProblemNotice';
import { Screen } from './Screen';
import 'messages:scan';

interface ScanScreenProps {
  onCode: (code: string) => void;
  busy: boolean;
  ended?: EndedInfo | undefined;
  problem?: Problem | undefined;
  /** When the problem arrived (tablet clock), to count down a "too many tries" wait. */
  problemAt?: number | undefined;
  onRetry?: (() => void) | undefined;
}

/** "Scan your code": the camera or the keyboard, with what went wrong last time, if anything. */
export function ScanScreen({ onCode, busy, ended, problem, problemAt, onRetry }: ScanScreenProps) {
  const { t } = useI18n();
  // Tick only while there is a wait to count down.
  const now = useNow(problem?.retryAfterSec ? 1000 : null);
  const waitMs = problem?.retryAfterSec && problemAt ? problemAt + problem.retryAfterSec * 1000 - now : 0;
  // "In about 9 minutes", not "in 8:46": a child reads a clock as a time of day.
  const wait: KioskMsg | undefined =
    problem?.kind === 'too-many-tries' ? (waitMs > 0 ? waitMessage(waitMs) : { id: 'scan.waitOver' }) : undefined;

  return (
    <Screen title={t('scan.title')} before={ended && <EndedNotice ended={ended} />}>
      <p className="lead">{t('scan.lead')}</p>
      {problem && <ProblemNotice problem={problem} message={wait} onRetry={onRetry} busy={busy} />}
      <div className="scan-options">
        <CameraScanner onCode={onCode} disabled={busy || waitMs > 0} />
        <div className="card">
          <CodeEntryForm onCode={onCode} busy={busy} blocked={waitMs > 0} />
        </div>
      </div>
    </Screen>
  );
}
