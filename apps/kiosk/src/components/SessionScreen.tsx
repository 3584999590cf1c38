import type { GuestAgeBand } from '@perch/shared';
import { useState } from 'react';
import { useI18n, type KioskMsg } from '../i18n';
import { remainingMs, WARN_BELOW_MS } from '../lib/countdown';
import { greeting, nameToCall } from '../lib/greeting';
import { useNow } from '../hooks/useNow';
import { ConfirmFinishDialog } from './ConfirmFinishDialog';
import { Icon } from './Icon';
import { Screen } from './Screen';
import { TimeLeft } from './TimeLeft';
import 'messages:session';

interface SessionScreenProps {
  learnerName: string;
  /** A guest's age band (null for a learner): the greeting's words fit it. */
  guestAgeBand: GuestAgeBand | null;
  sessionExpiresAt: string;
  clockOffsetMs: number;
  onTimeUp: () => void;
  onFinish: () => void;
  finishing: boolean;
  finishError: KioskMsg | null;
}

const CHECK = 'M5 12.5l4.5 4.5L19 7.5';

/** The learner's session: who it is for, how long is left, and a way to finish. */
export function SessionScreen(props: SessionScreenProps) {
  const { learnerName, guestAgeBand, sessionExpiresAt, clockOffsetMs, onTimeUp, onFinish, finishing, finishError } = props;
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  // "Have fun" only when there is time to have it (a relaunch can land in the last minutes).
  const endingSoon = remainingMs(sessionExpiresAt, clockOffsetMs, useNow()) < WARN_BELOW_MS;
  const { title, lead } = greeting(learnerName, guestAgeBand, endingSoon);
  return (
    <Screen title={t(title)} titleClassName="greeting">
      <p className="lead">{t(lead)}</p>
      <TimeLeft sessionExpiresAt={sessionExpiresAt} clockOffsetMs={clockOffsetMs} onTimeUp={onTimeUp} />
      <div className="session-actions">
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          <Icon path={CHECK} />
          {t('session.done')}
        </button>
      </div>
      {confirming && (
        <ConfirmFinishDialog
          learnerName={nameToCall(learnerName, guestAgeBand)}
          busy={finishing}
          error={finishError}
          onConfirm={onFinish}
          onCancel={() => setConfirming(false)}
        />
      )}
    </Screen>
  );
}
