import { REPEATED_NAME_MESSAGE, newLearnerFields, repeatedNames } from '@perch/shared';
import type { Sentence } from '../../i18n';
import { optionalNumber, validate } from '../../lib/validate';
import type { ListRow } from './learner-list';

/** A row of the preview: what will be sent, and what is wrong with it (nothing when `errors` is empty). */
export interface PreviewRow extends ListRow {
  input: { name: string; age: number | null; notes: string | null };
  /** What stops the list being added. */
  errors: Sentence[];
  /** Sentences the admin may accept (a name an existing learner already has). */
  warnings: string[];
}

/**
 * Checks each row with the rules of adding one learner (the shared schema, row by row, so each
 * sentence reads as it does in the single form), then marks a name written twice.
 */
export function checkRows(rows: ListRow[]): PreviewRow[] {
  const checked = rows.map((row): PreviewRow => {
    const input = { name: row.name, age: optionalNumber(row.age), notes: row.notes.trim() === '' ? null : row.notes };
    const result = validate(newLearnerFields, input);
    const errors = [row.problem, ...(result.ok ? [] : Object.values(result.fieldErrors))].filter((e): e is Sentence => e !== null);
    return { ...row, input, errors, warnings: [] };
  });
  for (const index of repeatedNames(checked.map((row) => row.input.name))) {
    const row = checked[index]!;
    if (row.errors.length === 0) row.errors.push(REPEATED_NAME_MESSAGE);
  }
  return checked;
}

const ROW_KEY = /^learners\.(\d+)(?:\.|$)/;

/**
 * The server's answer mapped back onto the rows it was about: `fieldErrors` keyed
 * `learners.<row>.<field>` land on that row (as warnings when `asWarnings`); other keys stay whole.
 */
export function withServerProblems(
  rows: PreviewRow[],
  fieldErrors: Record<string, string>,
  asWarnings: boolean,
): { rows: PreviewRow[]; other: string[] } {
  const byRow = new Map<number, string[]>();
  const other: string[] = [];
  for (const [key, message] of Object.entries(fieldErrors)) {
    const match = ROW_KEY.exec(key);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < rows.length) byRow.set(index, [...(byRow.get(index) ?? []), message]);
    else if (key !== 'consent') other.push(message);
  }
  return {
    rows: rows.map((row, index) => {
      const messages = byRow.get(index);
      if (!messages) return row;
      return asWarnings ? { ...row, warnings: [...row.warnings, ...messages] } : { ...row, errors: [...row.errors, ...messages] };
    }),
    other,
  };
}
