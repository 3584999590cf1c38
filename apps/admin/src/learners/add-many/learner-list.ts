import { learnerSearchKey } from '@perch/shared';
import type { AdminMsg } from '../../i18n';
import { detectSeparator, parseDelimited, type Separator } from './csv';
import 'messages:addMany';

/** One learner as read from the text, fields as written; `problem` is what is wrong with the line itself. */
export interface ListRow {
  line: number;
  name: string;
  age: string;
  notes: string;
  problem: AdminMsg | null;
}

export type SeparatorChoice = Separator | 'none' | 'auto';

export interface ReadOptions {
  separator: SeparatorChoice;
  /** Whether the first line holds column names; `auto` looks for a name column's heading. */
  header: boolean | 'auto';
}

export interface LearnerList {
  rows: ListRow[];
  /** What was used: the choice, or what `auto` found. */
  separator: Separator | null;
  header: boolean;
  /** Headings of columns that are none of name, age and notes (left out). */
  ignoredColumns: string[];
}

type Column = 'name' | 'age' | 'notes';
const COLUMNS: readonly Column[] = ['name', 'age', 'notes'];
/** Headings each column goes by, compared folded (case and accents aside); English and Spanish. */
const HEADINGS: Record<Column, readonly string[]> = {
  name: ['name', 'names', 'full name', 'learner', 'learner name', 'nombre', 'nombre completo'],
  age: ['age', 'edad'],
  notes: ['notes', 'note', 'notas', 'nota'],
};

const columnOf = (heading: string): Column | undefined =>
  COLUMNS.find((column) => HEADINGS[column].includes(learnerSearchKey(heading)));

const blank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

/**
 * Reads a pasted list or a CSV file into learners: one a line (blank lines skipped), with name,
 * age and notes in that order, or in any order under a heading line.
 */
export function readLearnerList(text: string, options: ReadOptions): LearnerList {
  const separator = options.separator === 'auto' ? detectSeparator(text) : options.separator === 'none' ? null : options.separator;
  const records = parseDelimited(text, separator).filter((record) => !blank(record.cells) || record.unclosedQuote);
  const first = records[0];
  const header = first !== undefined && (options.header === 'auto' ? first.cells.some((cell) => columnOf(cell) === 'name') : options.header);

  // Under a heading line, each column is where its heading is; without one (or with headings we
  // do not know), name, age and notes come in that order.
  const positions: Record<Column, number> = { name: 0, age: 1, notes: 2 };
  const ignoredColumns: string[] = [];
  if (header && first) {
    const found = first.cells.map(columnOf);
    if (found.includes('name')) {
      for (const column of COLUMNS) positions[column] = found.indexOf(column);
      first.cells.forEach((cell, index) => found[index] === undefined && cell.trim() && ignoredColumns.push(cell.trim()));
    }
  }
  const used = Math.max(...Object.values(positions)) + 1;
  const cell = (cells: string[], column: Column) => (positions[column] < 0 ? '' : (cells[positions[column]] ?? ''));

  const rows = (header ? records.slice(1) : records).map((record): ListRow => {
    const extra = ignoredColumns.length === 0 && record.cells.slice(used).some((c) => c.trim() !== '');
    return {
      line: record.line,
      name: cell(record.cells, 'name'),
      age: cell(record.cells, 'age'),
      notes: cell(record.cells, 'notes'),
      problem: record.unclosedQuote
        ? { id: 'addMany.line.unclosedQuote' }
        : extra
          ? { id: 'addMany.line.tooManyColumns', values: { count: record.cells.length } }
          : null,
    };
  });
  return { rows, separator, header, ignoredColumns };
}
