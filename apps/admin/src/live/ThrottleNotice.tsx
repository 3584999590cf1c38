import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatClock, type ThrottleSummary } from '@perch/shared';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';

/** Checked this often while the live page is open: throttles change only as wrong codes arrive. */
const THROTTLES_REFETCH_MS = 5_000;

const WHO: Record<ThrottleSummary['kind'], (t: ThrottleSummary) => string> = {
  address: (t) => `Address ${t.label}`,
  tablet: (t) => t.label,
  global: () => 'Everyone (the ceiling across all addresses)',
};

/**
 * Says when redemptions are being refused for too many wrong codes (which address or tablet, or
 * everyone, and for how long), with an Unblock that clears it at once (audited).
 */
export function ThrottleNotice() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const throttles = useQuery({ ...trpc.throttles.list.queryOptions(), refetchInterval: THROTTLES_REFETCH_MS });
  const unblock = useMutation(
    trpc.throttles.unblock.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries(trpc.throttles.list.pathFilter()) }),
  );
  const list = throttles.data ?? [];
  if (list.length === 0) return null;
  return (
    <section className="notice notice-warning throttle-notice" aria-labelledby="throttle-title">
      <div>
        <h2 id="throttle-title">Codes are being refused for too many wrong tries</h2>
        <ul>
          {list.map((t) => (
            <li key={`${t.kind}:${t.id ?? ''}`}>
              <strong>{WHO[t.kind](t)}</strong>: {t.failures} wrong codes, refused for {formatClock(t.retryAfterSec * 1000)} more.{' '}
              <button
                type="button"
                className="btn btn-small"
                disabled={unblock.isPending}
                onClick={() => unblock.mutate({ kind: t.kind, id: t.id })}
                aria-label={`Unblock ${WHO[t.kind](t)}`}
              >
                Unblock
              </button>
            </li>
          ))}
        </ul>
        {unblock.error && <ErrorNotice>{errorMessage(unblock.error)}</ErrorNotice>}
      </div>
    </section>
  );
}
