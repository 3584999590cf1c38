import type { AgentGrant } from '@perch/shared';
import { formatAgo, formatDate } from '../lib/format';

const STATUS_LABELS: Record<AgentGrant['status'], string> = { active: 'Active', revoked: 'Revoked', expired: 'Expired' };

/** One grant in the table; only an active one can be revoked. */
export function GrantRow({ grant, now, onRevoke }: { grant: AgentGrant; now: number; onRevoke: () => void }) {
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
            revoked <time dateTime={grant.revokedAt}>{formatDate(grant.revokedAt)}</time>
          </span>
        ) : (
          <time dateTime={grant.expiresAt}>{formatDate(grant.expiresAt)}</time>
        )}
      </td>
      <td className="cell-date">
        {grant.lastUsedAt ? <time dateTime={grant.lastUsedAt}>{formatAgo(grant.lastUsedAt, now)}</time> : <span className="muted">never</span>}
      </td>
      <td className="cell-number">{grant.callCount}</td>
      <td>
        <span className={`badge badge-state badge-${grant.status}`}>
          <span className="badge-dot" aria-hidden="true" />
          {STATUS_LABELS[grant.status]}
        </span>
      </td>
      <td className="cell-actions">
        {grant.status === 'active' && (
          <button type="button" className="btn btn-danger-ghost btn-small" onClick={onRevoke} aria-label={`Revoke ${grant.label}`}>
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}
