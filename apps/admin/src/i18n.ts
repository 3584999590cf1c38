import { createAppI18n, createI18nReact, type Msg } from '@perch/web';
import en from './locales/en.json';

/** Every message the admin app shows, by id: src/locales/en.json is the catalog, es.json its Spanish. */
export type AdminMessageId = keyof typeof en;
/** An admin message to word when shown (so a language switch re-words it). */
export type AdminMsg = Msg<AdminMessageId>;

export const adminI18n = createAppI18n<AdminMessageId>({
  storageKey: 'perch.admin.language',
  source: en,
  // Spanish is the one other language: its own chunk, downloaded only by those who use it.
  load: async () => (await import('./locales/es.json')).default,
});

export const { I18nProvider, useI18n } = createI18nReact(adminI18n);
/** Words outside components (formatting helpers, error mapping), in the language shown now. */
export const t = adminI18n.t;
