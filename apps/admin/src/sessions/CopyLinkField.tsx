import { useI18n } from '../i18n';
import { CopyField } from '../ui/CopyField';
import 'messages:code';

/** The redeem link in a read-only field with a Copy button, for sending to a tablet by hand. */
export function CopyLinkField({ url }: { url: string }) {
  const { t } = useI18n();
  return <CopyField label={t('code.link')} value={url} copyLabel={t('code.copyLink')} copiedHint={t('code.linkCopied')} />;
}
