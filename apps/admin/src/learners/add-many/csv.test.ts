import { describe, expect, it } from 'vitest';
import { detectSeparator, parseDelimited } from './csv';

const cells = (text: string, separator: ',' | ';' | '\t' | null = ',') => parseDelimited(text, separator).map((r) => r.cells);

describe('parseDelimited (RFC 4180, as spreadsheets write it)', () => {
  it('splits records on CRLF, LF and a lone CR, with no empty record after a final line break', () => {
    expect(cells('a,b\r\nc,d\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(cells('a\rb\r')).toEqual([['a'], ['b']]);
    expect(cells('')).toEqual([]);
    expect(cells('a,b,\n,,')).toEqual([
      ['a', 'b', ''],
      ['', '', ''],
    ]);
  });

  it('reads quoted fields: separators, doubled quotes and line breaks inside them', () => {
    expect(cells('"Lovelace, Ada",12,"Says ""hi"""')).toEqual([['Lovelace, Ada', '12', 'Says "hi"']]);
    expect(cells('"",x')).toEqual([['', 'x']]);
    expect(cells('x,""')).toEqual([['x', '']]);
    expect(cells('"only"')).toEqual([['only']]);
  });

  it('keeps line breaks inside quotes (CRLF as one \\n) and tells which line each record starts on', () => {
    const records = parseDelimited('Ada,12,"Line one\r\nLine two"\r\nGrace,9,\r\n\r\n"Multi\nline\nname",,x\nLast', ',');
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['Ada', '12', 'Line one\nLine two']],
      [3, ['Grace', '9', '']],
      [4, ['']],
      [5, ['Multi\nline\nname', '', 'x']],
      [8, ['Last']],
    ]);
  });

  it('drops a leading BOM, and only a leading one', () => {
    expect(cells('\uFEFFname,age\nAda,12')).toEqual([
      ['name', 'age'],
      ['Ada', '12'],
    ]);
    expect(cells('\uFEFFAda', null)).toEqual([['Ada']]);
  });

  it('reads semicolons and tabs when told to, leaving commas in the text', () => {
    expect(cells('Brun, Élodie;11;Likes robots, lasers\r\n', ';')).toEqual([['Brun, Élodie', '11', 'Likes robots, lasers']]);
    expect(cells('Ada\t12\tnotes, more', '\t')).toEqual([['Ada', '12', 'notes, more']]);
  });

  it('is lenient where Excel and people are: spaces before an opening quote, text after a closing one', () => {
    expect(cells('Ada, "Likes, commas" ,12')).toEqual([['Ada', 'Likes, commas ', '12']]);
    expect(cells('O"Brien,12')).toEqual([['O"Brien', '12']]);
  });

  it('marks a quote that is never closed, and reads the rest into that field', () => {
    const records = parseDelimited('Ada,12\nGrace,"9,oops\nTheo,7', ',');
    expect(records.map((r) => [r.line, r.cells, r.unclosedQuote])).toEqual([
      [1, ['Ada', '12'], false],
      [2, ['Grace', '9,oops\nTheo,7'], true],
    ]);
  });

  it('reads each line whole when there is no separator (one name a line), quotes and commas included', () => {
    expect(cells('Lovelace, Ada\r\n"Bud" Smith\n\nGrace', null)).toEqual([['Lovelace, Ada'], ['"Bud" Smith'], [''], ['Grace']]);
  });
});

describe('detectSeparator', () => {
  it('takes the separator the first filled line holds most, outside quotes', () => {
    expect(detectSeparator('\n\nname;age;notes\nAda;12;x')).toBe(';');
    expect(detectSeparator('Ada;12;likes cats, dogs')).toBe(';');
    expect(detectSeparator('Ada,12,"notes; more; still"')).toBe(',');
    expect(detectSeparator('Ada\t12\tNotes, commas')).toBe('\t');
    expect(detectSeparator('\uFEFFname,age')).toBe(',');
  });

  it('finds none in a list of names', () => {
    expect(detectSeparator('Ada Lovelace\nGrace Hopper')).toBeNull();
    expect(detectSeparator('')).toBeNull();
  });
});
