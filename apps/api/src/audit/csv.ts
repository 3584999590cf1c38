/*
 * CSV as RFC 4180 writes it, made safe to open in a spreadsheet: every field in double quotes
 * (quotes inside doubled), lines ending CRLF, a UTF-8 byte order mark first so Excel reads accents
 * ("Zoë", "José") as UTF-8 rather than the local code page.
 */

/** Starts the file: Excel takes it as UTF-8 only when it sees this. */
export const UTF8_BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula: one starting with = + - @, a tab or a carriage
 * return (OWASP, "CSV Injection"). A learner named `=HYPERLINK("http://evil.example","Maya")`
 * must stay text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: a formula-looking value is led by an apostrophe (shown as text, not run), then quoted. */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** One record, CRLF-terminated. */
export function csvLine(fields: (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
