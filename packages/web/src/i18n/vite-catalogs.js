// Plain JavaScript: Vite loads its config's imports with Node, which does not run TypeScript from a
// workspace package. Types: vite-catalogs.d.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileMessageOrThrow } from '@lingui/message-utils/compileMessage';
import { SECTION_MODULE, sectionOf } from './sections.js';

/** An app's message catalogs: `src/locales/en.json`, `src/locales/es.json`, one id → ICU message map each. */
export const CATALOG_FILE = /\/src\/locales\/[a-z]{2}\.json$/;

const RESOLVED_SECTION = `\0${SECTION_MODULE}`;
const SOURCE_CATALOG = path.join('src', 'locales', 'en.json');

/** The argument formats format-message.ts fills (a plural without `offset:`). */
const FORMATS = new Set(['plural', 'select', 'number']);

/** Each argument's format in a compiled message, nested ones included. */
function formatsIn(tokens) {
  if (!Array.isArray(tokens)) return [];
  return tokens.flatMap((token) => {
    if (!Array.isArray(token) || !token[1]) return [];
    const [, format, cases] = token;
    return [cases?.offset === undefined ? format : `${format} with offset`, ...Object.values(cases ?? {}).flatMap(formatsIn)];
  });
}

/**
 * Compiles each message at build time with Lingui's compiler to the form format-message.ts fills, so
 * the apps ship no ICU parser and a message that does not parse, or uses a format the apps do not
 * fill (a date, a time), fails the build instead of showing raw braces. A message without arguments
 * stays a plain string.
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
      const unfilled = formatsIn(compiled).find((format) => !FORMATS.has(format));
      if (unfilled) throw new Error(`Message "${id}" uses {…, ${unfilled}}, which the apps do not fill (format-message.ts)`);
      return [id, compiled.every((part) => typeof part === 'string') ? compiled.join('') : compiled];
    }),
  );
}

/**
 * The module behind `import 'messages:<section>'`: that section of the source catalog, compiled,
 * handed to source-messages.ts as it loads. Each screen's module imports the sections it shows, so
 * the bundler puts them in that screen's chunk; a section no message is in fails the build.
 *
 * @param {Record<string, string>} catalog
 * @param {string} section
 * @returns {string}
 */
export function sectionModule(catalog, section) {
  const messages = Object.fromEntries(Object.entries(catalog).filter(([id]) => sectionOf(id) === section));
  if (Object.keys(messages).length === 0) throw new Error(`No message id starts with "${section}." ('${SECTION_MODULE}${section}')`);
  const registry = fileURLToPath(new URL('./source-messages.ts', import.meta.url));
  return `import { addSourceMessages } from ${JSON.stringify(registry)};\naddSourceMessages(${JSON.stringify(compileCatalog(messages))});\n`;
}

/**
 * The Vite (and Vitest) plugin: catalogs imported whole (another language) arrive compiled, still
 * JSON, before Vite's JSON plugin reads them; `messages:<section>` modules come from the app's
 * src/locales/en.json.
 *
 * @returns {import('vite').Plugin}
 */
export function compiledCatalogs() {
  let root = process.cwd();
  return {
    name: 'perch-compiled-catalogs',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id.startsWith(SECTION_MODULE) ? `${RESOLVED_SECTION}${id.slice(SECTION_MODULE.length)}` : null;
    },
    load(id) {
      if (!id.startsWith(RESOLVED_SECTION)) return null;
      const file = path.join(root, SOURCE_CATALOG);
      this.addWatchFile(file);
      return sectionModule(JSON.parse(readFileSync(file, 'utf8')), id.slice(RESOLVED_SECTION.length));
    },
    transform(code, id) {
      if (!CATALOG_FILE.test(id)) return null;
      return { code: JSON.stringify(compileCatalog(JSON.parse(code))), map: null };
    },
  };
}
