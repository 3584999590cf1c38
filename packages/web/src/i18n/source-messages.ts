import type { Messages } from './format-message';

/**
 * The source language's (English) messages, gathered as modules load. A module that shows words
 * imports the sections of the catalog they are in (`import 'messages:scan'`, see vite-catalogs.js),
 * so a lazily loaded screen brings its own words and the first download holds only the first
 * screens'. Other languages load whole, on first use (createAppI18n's `load`).
 */
const gathered: Messages = {};
const listeners = new Set<(messages: Messages) => void>();

/** Called by each `messages:<section>` module as it loads. */
export function addSourceMessages(messages: Messages): void {
  Object.assign(gathered, messages);
  for (const listener of listeners) listener(messages);
}

/** Everything gathered so far, at once, then each section as its module loads. */
export function onSourceMessages(listener: (messages: Messages) => void): () => void {
  listener({ ...gathered });
  listeners.add(listener);
  return () => listeners.delete(listener);
}
