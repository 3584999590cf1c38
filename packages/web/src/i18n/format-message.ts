/**
 * A message as the build compiles it (vite-catalogs.js, with Lingui's compiler): plain text stays a
 * string; otherwise a list of text and arguments, `['Hi, ', ['name'], '!']`, an argument with a
 * format carrying its cases, `['count', 'plural', { one: [...], other: ['#', ' minutes'] }]`. The
 * build refuses a format not filled here.
 */
export type CompiledMessage = string | Token[];
type Token = string | [name: string, type?: string, cases?: Record<string, unknown>];
export type Messages = Record<string, CompiledMessage>;

const own = (object: object, key: string): unknown => (Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined);

// A countdown words its minutes every second: each language's rules and digits are made once.
const made = new Map<string, Intl.PluralRules | Intl.NumberFormat>();
const once = <T extends Intl.PluralRules | Intl.NumberFormat>(key: string, make: () => T) => (made.get(key) ?? made.set(key, make()).get(key)) as T;
const digits = (locale: string) => once(locale, () => new Intl.NumberFormat(locale));

/**
 * Fills a compiled message in `locale`: what Lingui's runtime did for the two apps, in a few lines
 * (the kiosk's first download carried all of Lingui for this). Plurals pick `=n` first, then the
 * language's category, then `other`; `#` is the count in the language's digits (a `#` in a select
 * stays a `#`, as with Lingui); a select falls back to `other`; a missing argument reads as nothing.
 */
export function formatMessage(message: CompiledMessage, locale: string, values: Record<string, unknown> = {}): string {
  const fill = (tokens: CompiledMessage, count?: string): string => {
    if (typeof tokens === 'string') return tokens;
    let text = '';
    for (const token of tokens) {
      if (typeof token === 'string') {
        text += token === '#' && count !== undefined ? count : token;
        continue;
      }
      const [name, type, cases = {}] = token;
      const value = own(values, name);
      if (type === 'plural') {
        const category = once(`${locale} plural`, () => new Intl.PluralRules(locale)).select(Number(value));
        const chosen = own(cases, String(value)) ?? own(cases, category) ?? cases.other;
        text += fill(chosen as CompiledMessage, digits(locale).format(value as number));
      } else if (type === 'select') {
        text += fill((own(cases, String(value)) ?? cases.other) as CompiledMessage);
      } else if (type === 'number') {
        text += digits(locale).format(value as number);
      } else if (value != null) {
        text += String(value);
      }
    }
    return text;
  };
  return fill(message);
}
