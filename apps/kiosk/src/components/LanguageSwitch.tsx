import { LOCALE_NAMES, LOCALES } from '@perch/web';
import { useI18n } from '../i18n';
import 'messages:language';

/**
 * English | Español, each in its own language, in the header on every screen: a child who reads
 * Spanish finds their word without reading English first. The choice stays on this tablet.
 */
export function LanguageSwitch() {
  const { t, locale, choose } = useI18n();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === locale} onClick={() => void choose(l)}>
          {LOCALE_NAMES[l]}
        </button>
      ))}
    </div>
  );
}
