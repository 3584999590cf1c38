import { parse, type PluralCategory, type Token } from '@messageformat/parser';

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
