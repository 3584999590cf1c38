import { z } from 'zod';
import { fieldName } from './zod-messages';

/**
 * Characters no Perch text may hold. C0 and C1 controls are invisible, and NUL cannot be stored by
 * PostgreSQL at all. The bidi embedding, override and isolate controls (U+202A–U+202E,
 * U+2066–U+2069) make text display in another order than it is stored, so a name or a reason could
 * read one way in the admin's list and another in the audit log. Multi-line fields keep tab,
 * newline and carriage return.
 */
const HIDDEN_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const HIDDEN_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Half of a UTF-16 surrogate pair on its own: not a character at all. */
const BROKEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * A character a reader can see: anything but white space, format characters (zero-width space,
 * joiners, BOM), combining marks on their own, and the blank Hangul fillers and Braille blank
 * that render as nothing.
 */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** The sentence for a field that holds a hidden character; the API's NUL guard says the same. */
export function hiddenCharacterMessage(path: readonly PropertyKey[] | undefined): string {
  const field = fieldName(path);
  return `${field ? `“${field}”` : 'The text'} contains an invisible control character. Remove it and try again.`;
}

/** Whether `text` holds a character no Perch text may hold (see HIDDEN_SINGLE_LINE). */
export function hasHiddenCharacter(text: string, multiline = false): boolean {
  return (multiline ? HIDDEN_MULTI_LINE : HIDDEN_SINGLE_LINE).test(text) || BROKEN.test(text);
}

/**
 * Canonical form of typed text: NFC (so "é" typed two ways is one name), trimmed, and empty when
 * nothing in it is visible, so a name of zero-width spaces is no name and optional fields clear.
 */
export function normalizeText(text: string): string {
  const trimmed = text.normalize('NFC').trim();
  return VISIBLE.test(trimmed) ? trimmed : '';
}

/**
 * Every free-text input (names, labels, reasons, notes, emails, searches) starts here: normalised
 * by normalizeText, then refused with a sentence when it holds a hidden character. Chain length
 * limits after it: they then count the normalised text.
 */
export function safeText(options: { error?: string; multiline?: boolean } = {}) {
  return z
    .string(options.error ? { error: options.error } : undefined)
    .overwrite(normalizeText)
    .refine((text) => !hasHiddenCharacter(text, options.multiline), {
      error: (issue) => hiddenCharacterMessage(issue.path),
      // The length checks after this one would only add noise to the sentence.
      abort: true,
    });
}
