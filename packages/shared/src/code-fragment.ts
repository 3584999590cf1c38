// Apart from code.ts: the kiosk reads the address's fragment in the small script it runs before
// its app (apps/kiosk/src/launch), which then carries no code checking it does not use.

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
