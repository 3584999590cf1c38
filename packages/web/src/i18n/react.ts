import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { AppI18n } from './app-i18n';
import type { Locale } from './locales';

export interface I18nView<Id extends string> {
  locale: Locale;
  t: AppI18n<Id>['t'];
  choose: AppI18n<Id>['choose'];
}

/**
 * React's side of an app's translations. `I18nProvider` re-renders on a language switch every
 * component that called `useI18n()` (a context carries the locale), keeping their state: a
 * learner's session screen changes language in place.
 */
export function createI18nReact<Id extends string>(app: AppI18n<Id>) {
  const LocaleContext = createContext<Locale | null>(null);

  function I18nProvider({ children }: { children: ReactNode }) {
    const locale = useSyncExternalStore(app.subscribe, app.locale, app.locale);
    return createElement(LocaleContext.Provider, { value: locale }, children);
  }

  /** The active language and its messages. Outside a provider (a component test) it reads the app's current language. */
  function useI18n(): I18nView<Id> {
    const locale = useContext(LocaleContext) ?? app.locale();
    return { locale, t: app.t, choose: app.choose };
  }

  return { I18nProvider, useI18n };
}
