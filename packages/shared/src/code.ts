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

/** The code carried in a redeem link's fragment (`#code=XXXX-XXXX`), or null. */
export function codeFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('code');
}

/** The enrollment code carried in an "Add a tablet" link's fragment (`#enroll=XXXX-XXXX`), or null. */
export function enrollCodeFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('enroll');
}

/** The token carried in a first-run set-up link's fragment (`/admin/#setup=…`), or null. */
export function setupTokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return params.get('setup');
}
