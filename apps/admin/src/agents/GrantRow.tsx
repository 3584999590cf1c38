import type { AgentGrant } from '@perch/shared';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { formatAgo, formatDate, formatNumber } from '../lib/format';
import 'messages:grant';

/** One grant in the table; only an active one can be revoked. */
export function GrantRow({ grant, now, onRevoke }: { grant: AgentGrant; now: number; onRevoke: () => void }) {
  const { t } = useI18n();
  return (
    <tr data-grant-id={grant.id} data-status={grant.status}>
      <th scope="row">
        <span className="learner-name">{grant.label}</span>
      </th>
      <td>{grant.createdBy}</td>
      <td className="cell-date">
        <time dateTime={grant.createdAt}>{formatDate(grant.createdAt)}</time>
      </td>
      <td className="cell-date">
        {grant.revokedAt ? (
          <span className="muted">
            {richText(t('grant.revokedOn', { date: formatDate(grant.revokedAt) }), {
              time: (text) => <time dateTime={grant.revokedAt!}>{text}</time>,
            })}
          </span>
        ) : (
          <time dateTime={grant.expiresAt}>{formatDate(grant.expiresAt)}</time>
        )}
      </td>
      <td className="cell-date">
        {grant.lastUsedAt ? <time dateTime={grant.lastUsedAt}>{formatAgo(grant.lastUsedAt, now)}</time> : <span className="muted">{t('grant.never')}</span>}
      </td>
      <td className="cell-number">{formatNumber(grant.callCount)}</td>
      <td>
        <span className={`badge badge-state badge-${grant.status}`}>
          <span className="badge-dot" aria-hidden="true" />
          {t(`grant.status.${grant.status}`)}
        </span>
      </td>
      <td className="cell-actions">
        {grant.status === 'active' && (
          <button type="button" className="btn btn-danger-ghost btn-small" onClick={onRevoke} aria-label={t('grant.revokeFor', { label: grant.label })}>
            {t('grant.revoke')}
          </button>
        )}
      </td>
    </tr>
  );
}
