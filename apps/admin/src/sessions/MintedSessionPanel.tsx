import { useQuery } from '@tanstack/react-query';
import type { MintedSession } from '@perch/shared';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { useCountdown } from '../lib/use-countdown';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import { CodeCountdown } from './CodeCountdown';
import { CodeDisplay } from './CodeDisplay';
import { CopyLinkField } from './CopyLinkField';
import { QrImage } from './QrImage';
import { LIST_FALLBACK_REFETCH_MS, RECENT_LIST_INPUT } from './session-cache';
import 'messages:common';
import 'messages:minted';

interface MintedSessionPanelProps {
  minted: MintedSession;
  onNewCode: () => void;
  renewing: boolean;
  renewError: string | null;
  onDone: () => void;
}

/**
 * What the admin shows the tablet: a large QR of the redeem link, the code in large type, a live
 * countdown, and the link to copy. Once the kiosk redeems it, says so instead.
 */
export function MintedSessionPanel({ minted, onNewCode, renewing, renewError, onDone }: MintedSessionPanelProps) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const { lapsed } = useCountdown(minted.codeExpiresAt);
  const live = useQuery({
    ...trpc.sessions.list.queryOptions(RECENT_LIST_INPUT),
    refetchInterval: LIST_FALLBACK_REFETCH_MS.streaming,
  });
  const listed = live.data?.find((s) => s.id === minted.sessionId);
  const state = listed?.state ?? 'pending';
  const redeemed = state === 'active' || state === 'locked';

  if (redeemed) {
    return (
      <div className="minted minted-redeemed">
        <div className="redeemed-mark" aria-hidden="true">
          ✓
        </div>
        <div>
          <p className="minted-title" role="status">
            {t('minted.redeemed', { name: minted.learnerName })}
          </p>
          <p className="muted">
            {listed?.sessionExpiresAt
              ? t('minted.endsAt', { time: formatTime(listed.sessionExpiresAt) })
              : t('minted.runs', { minutes: minted.durationMin })}{' '}
            {t('minted.follow')}
          </p>
          <div className="form-actions form-actions-start">
            <button type="button" className="btn btn-primary" onClick={onDone} data-autofocus>
              {t('common.done')}
            </button>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="minted">
      <div className={lapsed ? 'minted-qr minted-qr-lapsed' : 'minted-qr'}>
        <QrImage value={minted.redeemUrl} label={t('minted.qr', { name: minted.learnerName })} />
        {lapsed && <p className="qr-lapsed-label">{t('minted.expired')}</p>}
      </div>
      <div className="minted-info">
        <p className="eyebrow">{t('minted.scan')}</p>
        <p className="minted-title">{minted.learnerName}</p>
        <CodeDisplay code={minted.redemptionCode} className={lapsed ? 'code-lapsed' : undefined} />
        <CodeCountdown expiresAt={minted.codeExpiresAt} />
        {renewError && <ErrorNotice>{renewError}</ErrorNotice>}
        {lapsed ? (
          <button type="button" className="btn btn-primary btn-large" onClick={onNewCode} disabled={renewing}>
            {t(renewing ? 'minted.renewing' : 'minted.newCode')}
          </button>
        ) : (
          <CopyLinkField url={minted.redeemUrl} />
        )}
        <p className="muted small">
          {t('minted.once', { minutes: minted.durationMin })}
        </p>
        <div className="form-actions form-actions-start">
          <button type="button" className="btn" onClick={onDone}>
            {t('common.done')}
          </button>
          {!lapsed && (
            <button type="button" className="btn btn-ghost" onClick={onNewCode} disabled={renewing}>
              {t(renewing ? 'minted.renewing' : 'minted.replace')}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
