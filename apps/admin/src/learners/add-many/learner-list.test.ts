import { LEARNER_NAME_MAX } from '@perch/shared';
import { describe, expect, it } from 'vitest';
import { adminI18n } from '../../i18n';
import { readLearnerList, type ReadOptions } from './learner-list';
import { checkRows, withServerProblems } from './preview-rows';

const AUTO: ReadOptions = { separator: 'auto', header: 'auto' };
const fields = (text: string, options = AUTO) => readLearnerList(text, options).rows.map((r) => [r.line, r.name, r.age, r.notes]);

describe('reading a pasted list or a CSV into learners', () => {
  it('reads one name a line, skipping blank lines', () => {
    const list = readLearnerList('Ada Lovelace\n\n  Grace Hopper \r\nTheo\n', AUTO);
    expect(list).toMatchObject({ separator: null, header: false, ignoredColumns: [] });
    expect(list.rows.map((r) => [r.line, r.name, r.problem])).toEqual([
      [1, 'Ada Lovelace', null],
      [3, '  Grace Hopper ', null],
      [4, 'Theo', null],
    ]);
  });

  it('detects a heading line and maps its columns in any order; English or Spanish; unknown columns left out', () => {
    const list = readLearnerList('\uFEFFNotes;Class;NAME;Age\r\nLikes robots;4B;Ada;11\r\n;4B;Grace;\r\n', AUTO);
    expect(list).toMatchObject({ separator: ';', header: true, ignoredColumns: ['Class'] });
    expect(list.rows.map((r) => [r.line, r.name, r.age, r.notes])).toEqual([
      [2, 'Ada', '11', 'Likes robots'],
      [3, 'Grace', '', ''],
    ]);
    expect(fields('Nombre,Edad,Notas\nÉlodie,9,"Zurda, usa el lápiz grande"')).toEqual([[2, 'Élodie', '9', 'Zurda, usa el lápiz grande']]);
  });

  it('reads name, age, notes in that order without a heading line, and flags lines with more columns', () => {
    expect(fields('Ada,12,"Likes ""robots"""\nGrace,,\nTheo')).toEqual([
      [1, 'Ada', '12', 'Likes "robots"'],
      [2, 'Grace', '', ''],
      [3, 'Theo', '', ''],
    ]);
    const [row] = readLearnerList('Ada,12,likes cats,dogs', AUTO).rows;
    expect(row?.problem && adminI18n.t(row.problem)).toBe(
      'This line has 4 columns; a line holds at most 3 (name, age, notes). Put text that contains the separator in double quotes.',
    );
    // Empty trailing cells, as Excel writes them, are no problem.
    expect(readLearnerList('Ada;12;;;\n;;;;', AUTO).rows.map((r) => [r.name, r.problem])).toEqual([['Ada', null]]);
  });

  it('lets the admin read it otherwise: names with commas as one column, a first line that is a learner', () => {
    expect(fields('Lovelace, Ada\nHopper, Grace', { separator: 'none', header: 'auto' })).toEqual([
      [1, 'Lovelace, Ada', '', ''],
      [2, 'Hopper, Grace', '', ''],
    ]);
    expect(fields('Name\nAda', { separator: 'auto', header: false })).toEqual([
      [1, 'Name', '', ''],
      [2, 'Ada', '', ''],
    ]);
    // A heading line the admin points out, in words Perch does not know: the columns keep their order.
    expect(fields('Nom;Âge\nAda;12', { separator: 'auto', header: true })).toEqual([[2, 'Ada', '12', '']]);
  });

  it('flags the line where a quote is never closed', () => {
    const rows = readLearnerList('Ada,12\n"Grace,9\nTheo,7', AUTO).rows;
    expect(rows.map((r) => [r.line, r.problem !== null])).toEqual([
      [1, false],
      [2, true],
    ]);
  });
});

describe('checking the rows before anything is sent', () => {
  const check = (text: string) => checkRows(readLearnerList(text, AUTO).rows);

  it('gives each row the sentences of adding one learner, and marks a name written twice', () => {
    const rows = check(`Ada,12\n,9\n${'x'.repeat(LEARNER_NAME_MAX + 1)}\nGrace,2\nTheo,seven\nada ,10\nZoe\u202E,\nMia,11,"a\u202Eb"`);
    expect(rows.map((r) => [r.line, r.errors])).toEqual([
      [1, []],
      [2, ['Enter the learner’s name.']],
      [3, [`A name can be at most ${LEARNER_NAME_MAX} characters.`]],
      [4, ['Age must be between 3 and 100.']],
      [5, ['Age must be a whole number.']],
      [6, ['This name is already higher up in the list.']],
      [7, ['“name” contains an invisible control character. Remove it and try again.']],
      [8, ['“notes” contains an invisible control character. Remove it and try again.']],
    ]);
    expect(rows[0]?.input).toEqual({ name: 'Ada', age: 12, notes: null });
  });

  it('puts the server’s sentences on the rows they name, as errors or as warnings', () => {
    const rows = check('Ada\nGrace\nTheo');
    const refused = withServerProblems(rows, { 'learners.1.name': 'There is already a learner called “Grace”.', 'learners.7.name': 'Beyond the list.' }, true);
    expect(refused.rows.map((r) => [r.name, r.errors, r.warnings])).toEqual([
      ['Ada', [], []],
      ['Grace', [], ['There is already a learner called “Grace”.']],
      ['Theo', [], []],
    ]);
    expect(refused.other).toEqual(['Beyond the list.']);
    const invalid = withServerProblems(rows, { 'learners.2.age': 'Age must be between 3 and 100.', consent: 'Confirm…', learners: 'Too many.' }, false);
    expect(invalid.rows[2]?.errors).toEqual(['Age must be between 3 and 100.']);
    expect(invalid.other).toEqual(['Too many.']);
  });
});
