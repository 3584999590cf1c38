import { CODE_ALPHABET, CODE_GROUP_SIZE, CODE_LENGTH } from './constants';

const SEPARATORS = /[\s\-_.]+/g;

/**
 * Canonical form of what a person typed or a QR carried: upper case, separators removed.
 * Returns null when it cannot be a Perch code, so callers can explain why.
 */
export function normalizeCode(input: string): string | null {
  const compact = input.replace(SEPARATORS, '').toUpperCase();
  if (compact.length !== CODE_LENGTH) return null;
  for (const symbol of compact) if (!CODE_ALPHABET.includes(symbol)) return null;
  return compact;
}

/** `ABCD2345` → `ABCD-2345`, the way codes are shown and printed. */
export function formatCode(canonical: string): string {
  return `${canonical.slice(0, CODE_GROUP_SIZE)}-${canonical.slice(CODE_GROUP_SIZE)}`;
}
