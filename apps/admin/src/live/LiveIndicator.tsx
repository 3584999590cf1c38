import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { useI18n } from '../i18n';
import 'messages:live';

/**
 * Whether the table is following the server's event stream right now. `reconnecting`: it was, and
 * has been trying to again for a while (see useReopeningStream).
 */
export function LiveIndicator({ status, reconnecting = false }: { status: TRPCSubscriptionStatus; reconnecting?: boolean }) {
  const { t } = useI18n();
  const connected = status === 'pending';
  const words = connected ? 'live.on' : reconnecting ? 'live.reconnecting' : status === 'connecting' ? 'live.connecting' : 'live.paused';
  return (
    <p className={connected ? 'live-indicator live-on' : 'live-indicator'} role="status">
      <span className="live-dot" aria-hidden="true" />
      {t(words)}
    </p>
  );
}
