export { createAppI18n, type AppI18n, type Msg, type MessageValues } from './app-i18n';
export { LOCALES, LOCALE_NAMES, SOURCE_LOCALE, isLocale, pickLocale, type Locale } from './locales';
export { createI18nReact, type I18nView } from './react';
export { richText } from './rich-text';
