import { useI18n } from '../i18n';
import 'messages:offline';

/** Shown on every screen while the tablet has no network, so nobody wonders why nothing happens. */
export function OfflineBanner() {
  const { t } = useI18n();
  return (
    <div className="offline-banner" role="status">
      {t('offline.banner')}
    </div>
  );
}
