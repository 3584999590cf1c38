import { createContext, createElement, Fragment, useContext, useSyncExternalStore, type ReactNode } from 'react';
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

/**
 * A translated sentence with elements inside: `richText(t('https.ask'), { b: (text) => <strong>{text}</strong> })`
 * for "…starts with <b>https://</b>…". Tags are a translator's markers, not HTML: only those named here
 * become elements, never nested, and the text between them is plain text (never parsed as markup).
 */
export function richText(message: string, tags: Record<string, (text: string) => ReactNode>): ReactNode {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of message.matchAll(/<(\w+)>(.*?)<\/\1>/g)) {
    const render = tags[match[1]!];
    if (!render) continue;
    parts.push(message.slice(last, match.index), createElement(Fragment, { key: match.index }, render(match[2]!)));
    last = match.index + match[0].length;
  }
  parts.push(message.slice(last));
  return parts;
}
