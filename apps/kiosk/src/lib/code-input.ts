import { CODE_LENGTH, codeFromFragment, enrollCodeFromFragment, formatCode, normalizeCode } from '@perch/shared';
import type { KioskMsg } from '../i18n';
import 'messages:code';

export type TypedCode = { ok: true; code: string } | { ok: false; message: KioskMsg };

/**
 * Reads what a learner typed (any case, spaces, dashes) or what a QR carried (a redeem link or a
 * bare code) and yields the code as shown on the card, `ABCD-2345`, or a sentence saying what is wrong.
 */
export function readCode(raw: string, fromFragment: (hash: string) => string | null = codeFromFragment): TypedCode {
  const text = raw.trim();
  if (text === '') return { ok: false, message: { id: 'code.empty' } };
  const candidate = text.includes('#') ? (fromFragment(text.slice(text.indexOf('#'))) ?? '') : text;
  const code = normalizeCode(candidate);
  if (code === null) {
    return { ok: false, message: { id: 'code.malformed', values: { length: CODE_LENGTH } } };
  }
  return { ok: true, code: formatCode(code) };
}

/** The code inside scanned QR text, or null when the QR is something else (a web page, a Wi-Fi login…). */
export function codeFromScannedText(text: string): string | null {
  const result = readCode(text);
  return result.ok ? result.code : null;
}

/** The enrollment code inside scanned QR text ("Add a tablet" shows a `#enroll=` link), or null: a learner's card is not one. */
export function enrollCodeFromScannedText(text: string): string | null {
  const result = readCode(text, enrollCodeFromFragment);
  return result.ok ? result.code : null;
}
