import type { ExistingSession } from '@perch/shared';
import { useI18n } from '../i18n';
import { existingSessionShortMsg } from '../sessions/existing-session-words';
import 'messages:existing';

/** Who a class start left out because they already have a session, and where that session is. */
export function SkippedLearners({ skipped }: { skipped: ExistingSession[] }) {
  const { t } = useI18n();
  if (skipped.length === 0) return null;
  return (
    <p className="notice notice-info" role="status">
      {t('existing.skipped', { list: skipped.map((s) => t(existingSessionShortMsg(s))).join('; ') })}
    </p>
  );
}
