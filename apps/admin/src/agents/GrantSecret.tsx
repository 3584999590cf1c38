import type { CreateGrantOutput } from '@perch/shared';
import { formatDate } from '../lib/format';
import { CopyField } from '../ui/CopyField';

/** The one time a grant's secret is shown: the secret, a ready MCP client configuration, and a warning. */
export function GrantSecret({ created, onDone }: { created: CreateGrantOutput; onDone: () => void }) {
  const config = JSON.stringify(created.clientConfig, null, 2);
  return (
    <div className="grant-secret">
      <div className="notice notice-warning">
        <span className="notice-icon" aria-hidden="true">
          !
        </span>
        <p className="notice-text">
          <strong>Copy the secret now: it will not be shown again.</strong> Perch keeps only a fingerprint of it. Whoever holds
          it can act as you, within the policy, until {formatDate(created.grant.expiresAt)}; revoke the grant if it leaks.
        </p>
      </div>
      <CopyField
        label="Secret"
        value={created.secret}
        copyLabel="Copy secret"
        copiedHint="Secret copied. Keep it in your MCP client’s settings, not in a shared document."
      />
      <CopyField
        label="MCP client configuration"
        value={config}
        rows={config.split('\n').length}
        copyLabel="Copy configuration"
        copiedHint="Configuration copied. Paste it into your MCP client’s server settings."
      />
      <p className="field-hint">
        For clients that take <code>mcpServers</code> (Claude Code, Cursor and others). Elsewhere, connect to{' '}
        <code>{created.mcpUrl}</code> over Streamable HTTP with the header <code>Authorization: Bearer</code> and the secret.
      </p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
