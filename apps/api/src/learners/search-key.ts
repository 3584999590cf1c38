/**
 * The form of a name that search and sort compare: accents folded, lower case, spaces collapsed.
 * Computed here rather than in SQL because SQLite's lower() only knows ASCII and neither database
 * folds accents, so "elo" finds "Élodie" the same way on SQLite and PostgreSQL.
 */
export function learnerSearchKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A LIKE pattern matching a search key anywhere, with LIKE's own wildcards taken literally (escape `\`). */
export function containsPattern(searchKey: string): string {
  return `%${searchKey.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
