import type { CSSProperties } from 'react';

/**
 * Names each column of a table in a CSS custom property (`--col-1`, `--col-2`, …). On a phone a row
 * is drawn as a card (responsive.css) and each cell shows its column's name before its value, read
 * from these, so the rows need no second copy of the headings.
 */
export function columnLabels(columns: readonly string[]): CSSProperties {
  return Object.fromEntries(columns.map((column, i) => [`--col-${i + 1}`, JSON.stringify(column)])) as CSSProperties;
}
