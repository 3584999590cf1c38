import { CODE_LENGTH, codeFromFragment, formatCode, normalizeCode } from '@perch/shared';

export type TypedCode = { ok: true; code: string } | { ok: false; message: string };

/**
 * Reads what a learner typed (any case, spaces, dashes) or what a QR carried (a redeem link or a
 * bare code) and yields the code as shown on the card, `ABCD-2345`, or a sentence saying what is wrong.
 */
export function readCode(raw: string): TypedCode {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Type the code from your card first.' };
  const candidate = text.includes('#') ? (codeFromFragment(text.slice(text.indexOf('#'))) ?? '') : text;
  const code = normalizeCode(candidate);
  if (code === null) {
    return {
      ok: false,
      message: `That doesn’t look like a code. A code has ${CODE_LENGTH} letters and numbers, like ABCD-2345.`,
    };
  }
  return { ok: true, code: formatCode(code) };
}

/** The code inside scanned QR text, or null when the QR is something else (a web page, a Wi-Fi login…). */
export function codeFromScannedText(text: string): string | null {
  const result = readCode(text);
  return result.ok ? result.code : null;
}
