// A CSV reader for tests of Perch's CSV files, stricter than any spreadsheet.

/** RFC 4180, strictly: quoted fields with doubled quotes, CRLF between records (and only there). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') record.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), (i += 2);
    else throw new Error(`Not RFC 4180 at ${i}: ${JSON.stringify(text.slice(i, i + 20))}`);
  }
  if (field || record.length) throw new Error('The last record does not end with CRLF.');
  return records;
}
