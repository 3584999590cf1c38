import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';

/** Whether the table is following the server's event stream right now. */
export function LiveIndicator({ status }: { status: TRPCSubscriptionStatus }) {
  const connected = status === 'pending';
  return (
    <p className={connected ? 'live-indicator live-on' : 'live-indicator'} role="status">
      <span className="live-dot" aria-hidden="true" />
      {connected ? 'Updating live' : status === 'connecting' ? 'Connecting…' : 'Live updates paused; refreshing every few seconds'}
    </p>
  );
}
