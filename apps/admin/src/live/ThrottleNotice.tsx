import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatClock, type ThrottleSummary } from '@perch/shared';
import { t, useI18n } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useTRPC } from '../trpc';
import { ErrorNotice } from '../ui/ErrorNotice';
import 'messages:throttle';

/** Checked this often while the live page is open: throttles change only as wrong codes arrive. */
const THROTTLES_REFETCH_MS = 5_000;

const WHO: Record<ThrottleSummary['kind'], (t: ThrottleSummary) => string> = {
  address: (throttle) => t('throttle.address', { address: throttle.label }),
  tablet: (throttle) => throttle.label,
  global: () => t('throttle.global'),
};

/**
 * Says when redemptions are being refused for too many wrong codes (which address or tablet, or
 * everyone, and for how long), with an Unblock that clears it at once (audited).
 */
export function ThrottleNotice() {
  useI18n();
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
        <h2 id="throttle-title">{t('throttle.title')}</h2>
        <ul>
          {list.map((throttle) => (
            <li key={`${throttle.kind}:${throttle.id ?? ''}`}>
              <strong>{WHO[throttle.kind](throttle)}</strong>:{' '}
              {t('throttle.refused', { failures: throttle.failures, wait: formatClock(throttle.retryAfterSec * 1000) })}{' '}
              <button
                type="button"
                className="btn btn-small"
                disabled={unblock.isPending}
                onClick={() => unblock.mutate({ kind: throttle.kind, id: throttle.id })}
                aria-label={t('throttle.unblockFor', { who: WHO[throttle.kind](throttle) })}
              >
                {t('throttle.unblock')}
              </button>
            </li>
          ))}
        </ul>
        {unblock.error && <ErrorNotice>{errorMessage(unblock.error)}</ErrorNotice>}
      </div>
    </section>
  );
}
