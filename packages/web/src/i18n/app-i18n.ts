import { formatMessage, type Messages } from './format-message';
import { isLocale, pickLocale, SOURCE_LOCALE, type Locale } from './locales';
import { onSourceMessages } from './source-messages';

export type MessageValues = Record<string, unknown>;

/**
 * A message to translate later, when it is shown: code outside components (error mapping, state
 * kept across renders) holds these rather than strings, so a language switch re-words it too.
 */
export interface Msg<Id extends string = string> {
  id: Id;
  values?: MessageValues;
}

export interface AppI18nOptions {
  /** Where the switch remembers the choice on this device (a preference, not a secret). */
  storageKey: string;
  /** Another language's whole catalog: a dynamic import, so only those who need it download it. */
  load: (locale: Locale) => Promise<Record<string, unknown>>;
}

export interface AppI18n<Id extends string> {
  locale(): Locale;
  /** A message in the active language: `t('scan.title')`, `t('wait', { minutes: 9 })`, or `t(msg)`. */
  t(id: Id | Msg<Id>, values?: MessageValues): string;
  /** The language remembered on this device, else the browser's; resolves once its catalog is in. */
  start(): Promise<void>;
  /** Shows `locale` without remembering it (tests, the start-up choice). */
  activate(locale: Locale): Promise<void>;
  /** The language switch: shows `locale` and remembers it on this device. */
  choose(locale: Locale): Promise<void>;
  subscribe(listener: () => void): () => void;
  /** Told of each message asked for but not loaded (the id is shown instead): tests fail on it. */
  onMissing(listener: (missing: { id: string; locale: Locale }) => void): () => void;
}

function remembered(key: string): Locale | null {
  try {
    const value = localStorage.getItem(key);
    return isLocale(value) ? value : null;
  } catch {
    return null; // Storage switched off: the browser's language it is.
  }
}

/**
 * One app's translations: English from the start, each screen's words arriving with its code
 * (source-messages.ts; tests and the first paint need no set-up), other languages loaded whole on
 * first use, messages compiled at build time and filled by format-message.ts. `<html lang>` follows
 * the language shown, so screen readers pronounce it right and the browser does not offer to
 * translate Spanish it thinks is English.
 */
export function createAppI18n<Id extends string>(options: AppI18nOptions): AppI18n<Id> {
  let current: Locale = SOURCE_LOCALE;
  const catalogs: Partial<Record<Locale, Messages>> = { [SOURCE_LOCALE]: {} };
  const listeners = new Set<() => void>();
  const missingListeners = new Set<(missing: { id: string; locale: Locale }) => void>();
  const changed = () => listeners.forEach((listener) => listener());
  onSourceMessages((messages) => {
    Object.assign(catalogs[SOURCE_LOCALE]!, messages);
    changed();
  });

  async function activate(locale: Locale) {
    catalogs[locale] ??= (await options.load(locale)) as Messages;
    current = locale;
    changed();
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }

  function t(id: Id | Msg<Id>, values?: MessageValues): string {
    const { id: key, values: given } = typeof id === 'string' ? { id, values } : id;
    const message = Object.hasOwn(catalogs[current]!, key) ? catalogs[current]![key] : undefined;
    if (message === undefined) missingListeners.forEach((listener) => listener({ id: key, locale: current }));
    return formatMessage(message ?? key, current, given);
  }

  const listen = <L>(set: Set<L>, listener: L) => {
    set.add(listener);
    return () => void set.delete(listener);
  };

  return {
    locale: () => current,
    t,
    // A catalog that cannot load (offline before the app was cached) leaves the app in English.
    start: () => activate(remembered(options.storageKey) ?? pickLocale(navigator.languages ?? [])).catch(() => activate(SOURCE_LOCALE)),
    activate,
    async choose(locale) {
      await activate(locale);
      try {
        localStorage.setItem(options.storageKey, locale);
      } catch {
        // Storage switched off: the choice lasts until the page reloads.
      }
    },
    subscribe: (listener) => listen(listeners, listener),
    onMissing: (listener) => listen(missingListeners, listener),
  };
}
