import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { useI18n } from '../i18n';
import 'messages:live';

/** Whether the table is following the server's event stream right now. */
export function LiveIndicator({ status }: { status: TRPCSubscriptionStatus }) {
  const { t } = useI18n();
  const connected = status === 'pending';
  return (
    <p className={connected ? 'live-indicator live-on' : 'live-indicator'} role="status">
      <span className="live-dot" aria-hidden="true" />
      {t(connected ? 'live.on' : status === 'connecting' ? 'live.connecting' : 'live.paused')}
    </p>
  );
}
