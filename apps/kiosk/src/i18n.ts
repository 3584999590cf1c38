/// <reference types="@perch/web/messages-modules" />
import { createAppI18n, createI18nReact, type Msg } from '@perch/web';
import type en from './locales/en.json';

/**
 * Every message the kiosk shows, by id: src/locales/en.json is the catalog, es.json its Spanish.
 * A module imports the sections of the words it shows (`import 'messages:scan'`), so each lazily
 * loaded screen brings its English with it (locales/catalog.test.ts checks the imports).
 */
export type KioskMessageId = keyof typeof en;
/** A kiosk message to word when shown (so a language switch re-words it). */
export type KioskMsg = Msg<KioskMessageId>;

export const kioskI18n = createAppI18n<KioskMessageId>({
  storageKey: 'perch.kiosk.language',
  // Spanish is the one other language: its own chunk, downloaded only by those who use it.
  load: async () => (await import('./locales/es.json')).default,
});

export const { I18nProvider, useI18n } = createI18nReact(kioskI18n);
