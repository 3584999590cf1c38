import type { CreateGrantOutput } from '@perch/shared';
import { richText } from '@perch/web';
import { useI18n } from '../i18n';
import { formatDate } from '../lib/format';
import { CopyField } from '../ui/CopyField';
import 'messages:common';
import 'messages:grant';

/** The one time a grant's secret is shown: the secret, a ready MCP client configuration, and a warning. */
export function GrantSecret({ created, onDone }: { created: CreateGrantOutput; onDone: () => void }) {
  const { t } = useI18n();
  const config = JSON.stringify(created.clientConfig, null, 2);
  const code = (text: string) => <code>{text}</code>;
  return (
    <div className="grant-secret">
      <div className="notice notice-warning">
        <span className="notice-icon" aria-hidden="true">
          !
        </span>
        <p className="notice-text">
          {richText(t('grant.secretWarning', { date: formatDate(created.grant.expiresAt) }), { b: (text) => <strong>{text}</strong> })}
        </p>
      </div>
      <CopyField
        label={t('grant.secret')}
        value={created.secret}
        copyLabel={t('grant.copySecret')}
        copiedHint={t('grant.secretCopied')}
      />
      <CopyField
        label={t('grant.config')}
        value={config}
        rows={config.split('\n').length}
        copyLabel={t('grant.copyConfig')}
        copiedHint={t('grant.configCopied')}
      />
      <p className="field-hint">{richText(t('grant.elsewhere', { url: created.mcpUrl }), { code })}</p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    </div>
  );
}
