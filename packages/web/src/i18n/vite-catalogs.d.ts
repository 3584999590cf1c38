import type { Plugin } from 'vite';

/** An app's message catalogs: `src/locales/en.json`, `src/locales/es.json`. */
export declare const CATALOG_FILE: RegExp;
/** Compiles an id → ICU message map to Lingui's runtime form; throws naming a message that does not parse. */
export declare function compileCatalog(messages: Record<string, string>): Record<string, unknown>;
/** Vite and Vitest plugin compiling the catalogs at build time. */
export declare function compiledCatalogs(): Plugin;
