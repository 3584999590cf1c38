import { useI18n } from '../i18n';
import 'messages:code';

/** A redemption code in large type; screen readers hear it symbol by symbol. */
export function CodeDisplay({ code, className }: { code: string; className?: string }) {
  const { t } = useI18n();
  const spelled = code.replace(/-/g, '').split('').join(' ');
  return (
    <p className={['code-display', className].filter(Boolean).join(' ')}>
      <span aria-hidden="true" translate="no">
        {code}
      </span>
      <span className="visually-hidden">{t('code.spelled', { code: spelled })}</span>
    </p>
  );
}
