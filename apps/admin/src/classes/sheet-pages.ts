/**
 * Cards per printed page: 2 columns × 3 rows fits both A4 (210 × 297 mm) and US Letter
 * (216 × 279 mm) with 12 mm margins, with QR codes large enough to scan from a desk.
 */
export const CARDS_PER_PAGE = 6;

/** Splits the cards into printed pages, so no card is ever cut across a page break. */
export function toSheetPages<T>(cards: readonly T[], perPage = CARDS_PER_PAGE): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < cards.length; i += perPage) pages.push(cards.slice(i, i + perPage));
  return pages;
}

/** `http://host/kiosk/#code=…` → `host/kiosk`, what a person types when they cannot scan. */
export function kioskAddress(redeemUrl: string): string {
  const url = new URL(redeemUrl);
  return `${url.host}${url.pathname.replace(/\/$/, '')}`;
}
