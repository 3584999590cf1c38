import type { Plugin } from 'vite';

/** An app's message catalogs: `src/locales/en.json`, `src/locales/es.json`. */
export declare const CATALOG_FILE: RegExp;
/** Compiles an id → ICU message map to the form format-message.ts fills; throws naming a message that does not parse or uses a format it does not fill. */
export declare function compileCatalog(messages: Record<string, string>): Record<string, unknown>;
/** The code of a `messages:<section>` module; throws when no message is in the section. */
export declare function sectionModule(catalog: Record<string, string>, section: string): string;
/** Vite and Vitest plugin compiling the catalogs at build time and serving `messages:<section>` modules. */
export declare function compiledCatalogs(): Plugin;
