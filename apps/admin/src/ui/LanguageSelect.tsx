import { LOCALE_NAMES, LOCALES, type Locale } from '@perch/web';
import { useId } from 'react';
import { useI18n } from '../i18n';
import 'messages:language';

/** English / Español, each in its own language; the choice stays on this browser. */
export function LanguageSelect() {
  const { t, locale, choose } = useI18n();
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id} className="visually-hidden">
        {t('language.label')}
      </label>
      <select id={id} value={locale} onChange={(e) => void choose(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
