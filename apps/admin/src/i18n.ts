/// <reference types="@perch/web/messages-modules" />
import { createAppI18n, createI18nReact, type Msg } from '@perch/web';
import type en from './locales/en.json';

/**
 * Every message the admin app shows, by id: src/locales/en.json is the catalog, es.json its Spanish.
 * A module imports the sections of the words it shows (`import 'messages:learners'`), so each lazily
 * loaded page brings its English with it (locales/catalog.test.ts checks the imports).
 */
export type AdminMessageId = keyof typeof en;
/** An admin message to word when shown (so a language switch re-words it). */
export type AdminMsg = Msg<AdminMessageId>;

export const adminI18n = createAppI18n<AdminMessageId>({
  storageKey: 'perch.admin.language',
  // Spanish is the one other language: its own chunk, downloaded only by those who use it.
  load: async () => (await import('./locales/es.json')).default,
});

export const { I18nProvider, useI18n } = createI18nReact(adminI18n);
/** Words outside components (formatting helpers, error mapping), in the language shown now. */
export const t = adminI18n.t;

/** Words to show: the app's own message (worded in the language shown), or a sentence the server or the shared schema sent (English). */
export type Sentence = AdminMsg | string;
export const sentence = (words: Sentence): string => (typeof words === 'string' ? words : t(words));
