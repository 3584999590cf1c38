/*
 * Names are compared by their search key (learnerSearchKey in @perch/shared: accents folded, lower
 * case, spaces collapsed), which the learners table keeps beside each name.
 */

/** A LIKE pattern matching a search key anywhere, with LIKE's own wildcards taken literally (escape `\`). */
export function containsPattern(searchKey: string): string {
  return `%${searchKey.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
