// Plain JavaScript: Vite loads its config's imports with Node, which does not run TypeScript from a
// workspace package. Types: vite-catalogs.d.ts.
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';

/** An app's message catalogs: `src/locales/en.json`, `src/locales/es.json`, one id → ICU message map each. */
export const CATALOG_FILE = /\/src\/locales\/[a-z]{2}\.json$/;

/**
 * Compiles each message to Lingui's runtime form at build time with Lingui's own compiler, so the
 * apps ship no ICU parser (Lingui's runtime only interpolates) and a message that does not parse
 * fails the build instead of showing raw braces. A message without arguments stays a plain string.
 *
 * @param {Record<string, string>} messages
 * @returns {Record<string, unknown>}
 */
export function compileCatalog(messages) {
  return Object.fromEntries(
    Object.entries(messages).map(([id, message]) => {
      let compiled;
      try {
        compiled = compileMessageOrThrow(message);
      } catch (err) {
        throw new Error(`Message "${id}" is not valid ICU MessageFormat: ${err instanceof Error ? err.message : err}`);
      }
      return [id, compiled.every((part) => typeof part === 'string') ? compiled.join('') : compiled];
    }),
  );
}

/**
 * The Vite (and Vitest) plugin: catalogs arrive compiled, still JSON, before Vite's JSON plugin reads them.
 *
 * @returns {import('vite').Plugin}
 */
export function compiledCatalogs() {
  return {
    name: 'perch-compiled-catalogs',
    enforce: 'pre',
    transform(code, id) {
      if (!CATALOG_FILE.test(id)) return null;
      return { code: JSON.stringify(compileCatalog(JSON.parse(code))), map: null };
    },
  };
}
