import type { TabletSummary } from '@perch/shared';
import { useI18n } from '../i18n';
import { formatRelative } from '../lib/format';
import { StateBadge } from '../live/StateBadge';
import 'messages:end';
import 'messages:tablets';

interface TabletRowProps {
  tablet: TabletSummary;
  now: number;
  onRename: () => void;
  onEndSession: () => void;
  onRetire: () => void;
}

/** One enrolled tablet: name, online or not (and when last seen), who is on it, and what to do. */
export function TabletRow({ tablet, now, onRename, onEndSession, onRetire }: TabletRowProps) {
  const { t } = useI18n();
  const session = tablet.currentSession;
  return (
    <tr data-tablet-id={tablet.id}>
      <th scope="row">{tablet.name}</th>
      <td>
        <span className={tablet.online ? 'badge badge-active' : 'badge badge-ended'}>
          <span className="badge-dot" aria-hidden="true" />
          {t(tablet.online ? 'tablets.online' : 'tablets.offline')}
        </span>
        {!tablet.online && tablet.lastSeenAt && <span className="cell-sub">{t('tablets.lastSeen', { when: formatRelative(tablet.lastSeenAt, now) })}</span>}
      </td>
      <td>
        {session ? (
          <>
            <span className="learner-name">{session.learnerName}</span> <StateBadge state={session.state} />
          </>
        ) : (
          <span className="muted">{t('tablets.free')}</span>
        )}
      </td>
      <td className="cell-actions">
        <div className="row-actions">
          <button type="button" className="btn btn-small" onClick={onRename} aria-label={t('tablets.renameFor', { name: tablet.name })}>
            {t('tablets.rename')}
          </button>
          {session && session.state !== 'ending' && (
            <button type="button" className="btn btn-small" onClick={onEndSession} aria-label={t('tablets.endFor', { name: session.learnerName, tablet: tablet.name })}>
              {t('end.confirm')}
            </button>
          )}
          <button type="button" className="btn btn-danger-ghost btn-small" onClick={onRetire} aria-label={t('tablets.retireFor', { name: tablet.name })}>
            {t('tablets.retireAction')}
          </button>
        </div>
      </td>
    </tr>
  );
}
