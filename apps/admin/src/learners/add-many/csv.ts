/** What separates the columns of a line: Excel writes `;` where the decimal mark is a comma, a spreadsheet's copy gives tabs. */
export type Separator = ',' | ';' | '\t';
export const SEPARATORS: readonly Separator[] = ['\t', ';', ','];

/** One record (a line, or more when a quoted field holds line breaks) and the line it starts on, counted from 1. */
export interface CsvRecord {
  line: number;
  cells: string[];
  /** A quoted field ran to the end of the text without its closing quote. */
  unclosedQuote: boolean;
}

const BOM = '\uFEFF';
const withoutBom = (text: string) => (text.startsWith(BOM) ? text.slice(1) : text);

/**
 * Reads delimited text as RFC 4180 says, and as leniently as spreadsheets need: line breaks are
 * CRLF, LF or a lone CR; a field in double quotes may hold the separator, line breaks (kept as
 * `\n`) and `""` for a quote; spaces before an opening quote are dropped; a leading BOM is ignored.
 * No separator (`null`) reads each line whole, quotes and all (one name a line).
 */
export function parseDelimited(text: string, separator: Separator | null): CsvRecord[] {
  const source = withoutBom(text);
  if (separator === null) {
    return source.split(/\r\n|\r|\n/).map((cell, index) => ({ line: index + 1, cells: [cell], unclosedQuote: false }));
  }
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // inside quotes now
  let wasQuoted = false; // this field opened a quote (a later quote is just a character)
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    cells.push(cell);
    cell = '';
    wasQuoted = false;
  };
  const endRecord = (unclosedQuote = false) => {
    endField();
    records.push({ line: recordLine, cells, unclosedQuote });
    cells = [];
  };

  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    const lineBreak = c === '\r' || c === '\n';
    if (lineBreak && c === '\r' && source[i + 1] === '\n') i++; // CRLF is one break
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else if (lineBreak) {
        cell += '\n';
        line++;
      } else {
        cell += c;
      }
    } else if (c === '"' && !wasQuoted && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === separator) {
      endField();
    } else if (lineBreak) {
      endRecord();
      line++;
      recordLine = line;
    } else {
      cell += c;
    }
  }
  if (quoted) endRecord(true);
  // Text ending in a line break has no empty record after it.
  else if (cell !== '' || cells.length > 0 || wasQuoted) endRecord();
  return records;
}

/**
 * The separator of the first line that holds anything: whichever of tab, semicolon and comma it
 * holds most often outside quotes (in that order on a tie), or null when it holds none of them.
 */
export function detectSeparator(text: string): Separator | null {
  const first = withoutBom(text).split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  const counts = new Map<Separator, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const c of first) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c as Separator)) counts.set(c as Separator, counts.get(c as Separator)! + 1);
  }
  let best: Separator | null = null;
  for (const s of SEPARATORS) if (counts.get(s)! > (best ? counts.get(best)! : 0)) best = s;
  return best;
}
