import { createAppI18n, createI18nReact, type Msg } from '@perch/web';
import en from './locales/en.json';

/** Every message the kiosk shows, by id: src/locales/en.json is the catalog, es.json its Spanish. */
export type KioskMessageId = keyof typeof en;
/** A kiosk message to word when shown (so a language switch re-words it). */
export type KioskMsg = Msg<KioskMessageId>;

export const kioskI18n = createAppI18n<KioskMessageId>({
  storageKey: 'perch.kiosk.language',
  source: en,
  // Spanish is the one other language: its own chunk, downloaded only by those who use it.
  load: async () => (await import('./locales/es.json')).default,
});

export const { I18nProvider, useI18n } = createI18nReact(kioskI18n);
