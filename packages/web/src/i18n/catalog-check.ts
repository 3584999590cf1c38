import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type PluralCategory, type Token } from '@messageformat/parser';
import type { AppI18n } from './app-i18n';
import { sectionOf } from './sections.js';

type Catalog = Record<string, string>;

/**
 * Every argument a message uses, plural and select ones included. Names only: a translation may
 * need a plural where English does not ("{count} active" is "{count, plural, one {# activa} …}").
 */
function argumentsOf(tokens: Token[], found = new Set<string>()): Set<string> {
  for (const token of tokens) {
    if (token.type === 'argument' || token.type === 'function') found.add(token.arg);
    else if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
      found.add(token.arg);
      for (const c of token.cases) argumentsOf(c.tokens, found);
    }
  }
  return found;
}

function pluralsWithoutOther(tokens: Token[]): string[] {
  return tokens.flatMap((token) =>
    token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal'
      ? [...(token.cases.some((c) => c.key === 'other') ? [] : [token.arg]), ...token.cases.flatMap((c) => pluralsWithoutOther(c.tokens))]
      : [],
  );
}

/** Element markers a message carries for richText (`<b>…</b>`): a translation must keep the same ones. */
const tagsOf = (message: string) => [...message.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort().join(',');

function check(locale: string, id: string, message: string): { problems: string[]; args: Set<string> } {
  const problems: string[] = [];
  if (message.trim() === '') return { problems: [`${locale} "${id}": the message is empty`], args: new Set() };
  // In ICU a straight apostrophe starts a quoted, literal stretch: the typographic ’ never does.
  if (message.includes("'")) problems.push(`${locale} "${id}": uses a straight apostrophe (ICU quotes with it); write ’`);
  let tokens: Token[];
  try {
    // As Lingui's compiler parses it, with the plural keys this language has (Spanish has no "few").
    tokens = parse(message, { cardinal: new Intl.PluralRules(locale).resolvedOptions().pluralCategories as PluralCategory[] });
  } catch (err) {
    return { problems: [...problems, `${locale} "${id}": not valid ICU MessageFormat: ${(err as Error).message}`], args: new Set() };
  }
  for (const arg of pluralsWithoutOther(tokens)) problems.push(`${locale} "${id}": {${arg}} has no "other" case`);
  return { problems, args: argumentsOf(tokens) };
}

/**
 * What is wrong with an app's catalogs, as sentences (none when all is well): a key missing from or
 * unknown to a translation, a message that is not valid ICU MessageFormat, or a translation whose
 * placeholders or element markers differ from the source's.
 */
export function catalogProblems(source: Catalog, translations: Record<string, Catalog>, sourceLocale = 'en'): string[] {
  const problems: string[] = [];
  // Placeholders to match, for each source message that is itself sound.
  const sourceArgs = new Map<string, Set<string>>();
  for (const [id, message] of Object.entries(source)) {
    const result = check(sourceLocale, id, message);
    problems.push(...result.problems);
    if (result.problems.length === 0) sourceArgs.set(id, result.args);
  }
  for (const [locale, catalog] of Object.entries(translations)) {
    for (const id of Object.keys(source)) if (!(id in catalog)) problems.push(`${locale} is missing "${id}"`);
    for (const [id, message] of Object.entries(catalog)) {
      if (!(id in source)) {
        problems.push(`${locale} has "${id}", which ${sourceLocale} does not`);
        continue;
      }
      const result = check(locale, id, message);
      problems.push(...result.problems);
      const expected = [...(sourceArgs.get(id) ?? [])].sort().join(', ');
      const actual = [...result.args].sort().join(', ');
      if (result.problems.length === 0 && sourceArgs.has(id) && expected !== actual) {
        problems.push(`${locale} "${id}": placeholders {${actual}} differ from ${sourceLocale}'s {${expected}}`);
      }
      if (tagsOf(message) !== tagsOf(source[id]!)) problems.push(`${locale} "${id}": element markers differ from ${sourceLocale}'s`);
    }
  }
  return problems;
}

const SECTION_IMPORT = /^import ['"]messages:([\w-]+)['"];?$/gm;

/**
 * The string literals of TypeScript source, comments skipped: a quoted string's text, or a template
 * literal's text up to its first `${` (`interpolated`). Enough for finding message ids, not a parser
 * (a quote inside a regular expression literal would throw it off).
 */
export function stringLiterals(code: string): { text: string; interpolated: boolean }[] {
  const found: { text: string; interpolated: boolean }[] = [];
  // Inside a template's `${…}`: the brace depth at which each open template resumes.
  const templates: number[] = [];
  let depth = 0;
  let i = 0;
  const readTemplate = () => {
    let text = '';
    while (i < code.length && code[i] !== '`' && !(code[i] === '$' && code[i + 1] === '{')) text += code[i] === '\\' ? code[i++]! + code[i++] : code[i++];
    return text;
  };
  while (i < code.length) {
    const c = code[i]!;
    if (c === '/' && code[i + 1] === '/') i = code.indexOf('\n', i) < 0 ? code.length : code.indexOf('\n', i);
    else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) < 0 ? code.length : code.indexOf('*/', i + 2) + 2;
    else if (c === "'" || c === '"') {
      let text = '';
      i++;
      while (i < code.length && code[i] !== c && code[i] !== '\n') text += code[i] === '\\' ? code[i++]! + code[i++] : code[i++];
      i++;
      found.push({ text, interpolated: false });
    } else if (c === '`' || (c === '}' && templates.at(-1) === depth)) {
      // A template starts, or resumes after one of its `${…}`.
      const resumed = c === '}';
      if (resumed) {
        templates.pop();
        depth--;
      }
      i++;
      const text = readTemplate();
      if (!resumed) found.push({ text, interpolated: code[i] === '$' });
      if (code[i] === '$') {
        templates.push(++depth);
        i += 2;
      } else i++;
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      i++;
    }
  }
  return found;
}

/**
 * Where a source file would show a message id instead of its words: each file must import the
 * section module (`import 'messages:scan'`) of every message it names, as a string that is an id or
 * a template that builds one (`problem.${kind}.title`), so whichever chunk the file lands in brings
 * its English. An import the file does not use is named too: it costs that chunk bytes.
 */
export function sectionImportProblems(files: Record<string, string>, source: Catalog): string[] {
  const sections = new Set(Object.keys(source).map(sectionOf));
  const problems: string[] = [];
  for (const [file, code] of Object.entries(files)) {
    const imported = new Set([...code.matchAll(SECTION_IMPORT)].map((m) => m[1]!));
    const named = new Map<string, string>(); // section → the first id or template naming it
    for (const { text, interpolated } of stringLiterals(code)) {
      const isId = interpolated ? text.endsWith('.') && sections.has(sectionOf(text)) : text in source;
      if (isId && !named.has(sectionOf(text))) named.set(sectionOf(text), interpolated ? `${text}\${…}` : text);
    }
    for (const [section, id] of named) {
      if (!imported.has(section)) problems.push(`${file} shows "${id}" but does not import 'messages:${section}'`);
    }
    for (const section of imported) {
      if (!sections.has(section)) problems.push(`${file} imports 'messages:${section}', a section no message is in`);
      else if (!named.has(section)) problems.push(`${file} imports 'messages:${section}' but shows none of its messages`);
    }
  }
  return problems;
}

/** An app's own source files under `dir` (tests and test helpers left out), by path relative to it. */
export function appSources(dir: URL): Record<string, string> {
  const root = fileURLToPath(dir);
  const files = (readdirSync(root, { recursive: true }) as string[]).filter(
    (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.split(path.sep).includes('test'),
  );
  return Object.fromEntries(files.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]));
}

/**
 * For an app's test set-up: a screen that would show a message id instead of its words (its module
 * does not import the id's section, or the id is not in the catalog) throws, failing its test.
 */
export function throwOnMissingMessages(app: Pick<AppI18n<string>, 'onMissing'>): void {
  app.onMissing(({ id, locale }) => {
    throw new Error(`No ${locale} message "${id}" is loaded: is it in the catalog, and does its module import 'messages:${sectionOf(id)}'?`);
  });
}
