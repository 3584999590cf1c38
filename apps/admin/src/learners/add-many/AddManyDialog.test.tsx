// @vitest-environment happy-dom
import { LEARNERS_ADD_MANY_MAX, type Learner } from '@perch/shared';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../App';
import { adminI18n } from '../../i18n';
import { fakeApi } from '../../test/fake-api';
import { serverError } from '../../test/fake-client';

const ADMIN = { id: '7f1c9a52-3b8e-4d2a-9f61-0c5e2d4b8a11', email: 'teacher@example.org' };
const learner = (row: { name: string; age?: number | null; notes?: string | null }, index: number): Learner => ({
  id: `0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c${String(index).padStart(2, '0')}`,
  name: row.name,
  age: row.age ?? null,
  notes: row.notes ?? null,
  consentAt: '2026-03-01T10:00:00.000Z',
  createdAt: '2026-03-01T10:00:00.000Z',
  archivedAt: null,
});
type ManyInput = { learners: { name: string; age: number | null; notes: string | null }[]; consent: true; addSameNames?: true };
const added = (input: unknown) => ({ learners: (input as ManyInput).learners.map(learner) });

function renderPage(createMany: (input: unknown) => unknown = added) {
  const api = fakeApi({ 'learners.createMany': createMany }, { 'auth.me': ADMIN, 'learners.list': [], 'sessions.list': [] });
  render(<App client={api.client} />);
  return api;
}

async function openAddMany() {
  // Generous: the first test of the file waits for the page's lazily loaded chunk on a busy machine.
  await screen.findByRole('heading', { name: 'Learners', level: 1 }, { timeout: 20_000 });
  fireEvent.click(screen.getByRole('button', { name: 'Add many' }));
  return screen.findByRole('dialog', { name: 'Add many learners' });
}

const paste = (dialog: HTMLElement, text: string) => {
  fireEvent.change(within(dialog).getByLabelText('Learners'), { target: { value: text } });
  fireEvent.click(within(dialog).getByRole('button', { name: 'Preview' }));
};
/** The preview's rows as [line, name, check]. */
const previewRows = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('table', { name: 'Learners to add' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => {
      const cells = within(row).getAllByRole('cell');
      return [cells[0]?.textContent, within(row).getByRole('rowheader').textContent, cells.at(-1)?.textContent];
    });
const consent = (dialog: HTMLElement) => fireEvent.click(within(dialog).getByRole('checkbox', { name: /consent from each/ }));

describe('Add many learners', () => {
  afterEach(cleanup);

  it('previews a pasted list, needs the one consent, then adds it whole and says so', async () => {
    const api = renderPage();
    const dialog = await openAddMany();
    paste(dialog, 'Ada Lovelace\nGrace Hopper\n\nTheo Okafor\n');

    expect(previewRows(dialog)).toEqual([
      ['1', 'Ada Lovelace', 'Ready'],
      ['2', 'Grace Hopper', 'Ready'],
      ['4', 'Theo Okafor', 'Ready'],
    ]);
    expect(within(dialog).getByRole('status').textContent).toBe('3 learners');
    expect((within(dialog).getByLabelText('Columns separated by') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe(
      'Found by itself: nothing: one name a line',
    );

    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 3 learners' }));
    expect(await within(dialog).findByText('Confirm that you have consent to add these learners.')).toBeTruthy();
    expect(api.inputsOf('learners.createMany')).toEqual([]);

    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 3 learners' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add many learners' })).toBeNull());
    expect(api.inputsOf('learners.createMany')).toEqual([
      {
        learners: [
          { name: 'Ada Lovelace', age: null, notes: null },
          { name: 'Grace Hopper', age: null, notes: null },
          { name: 'Theo Okafor', age: null, notes: null },
        ],
        consent: true,
      },
    ]);
    expect(screen.getByText('3 learners were added.')).toBeTruthy();
  });

  it('shows each line’s problems on its row and sends nothing until they are fixed', async () => {
    const api = renderPage();
    const dialog = await openAddMany();
    paste(dialog, 'name;age;notes\nAda;12;Likes robots\n;9;\nGrace;2;\nada;10;\nTheo;7;"Left, handed"');

    expect(previewRows(dialog)).toEqual([
      ['2', 'Ada', 'Ready'],
      ['3', '(no name)', 'Enter the learner’s name.'],
      ['4', 'Grace', 'Age must be between 3 and 100.'],
      ['5', 'ada', 'This name is already higher up in the list.'],
      ['6', 'Theo', 'Ready'],
    ]);
    expect(within(dialog).getByRole('status').textContent).toBe('5 learners · 3 lines need fixing');
    const rowOf = (name: string) => within(dialog).getByRole('rowheader', { name }).closest('tr')!;
    expect(rowOf('Grace').getAttribute('data-check')).toBe('error');
    expect(within(rowOf('Theo')).getByText('Left, handed')).toBeTruthy();

    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 5 learners' }));
    expect(
      await within(dialog).findByText('Nothing was added yet: 3 lines need fixing (marked below). Go back to the list to fix them.'),
    ).toBeTruthy();
    expect(api.inputsOf('learners.createMany')).toEqual([]);

    // Fixed in the text: the list goes in.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Back to the list' }));
    paste(dialog, 'name;age;notes\nAda;12;Likes robots\nMia;9;\nGrace;;\nTheo;7;"Left, handed"');
    expect(within(dialog).getByRole('status').textContent).toBe('4 learners');
    // Consent stays given while the admin fixes the list, as in the single form.
    expect((within(dialog).getByRole('checkbox', { name: /consent from each/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 4 learners' }));
    await waitFor(() => expect(api.inputsOf('learners.createMany')).toHaveLength(1));
    expect((api.inputsOf('learners.createMany')[0] as ManyInput).learners[3]).toEqual({ name: 'Theo', age: 7, notes: 'Left, handed' });
  });

  it('maps the server’s refusal back onto the lines it names', async () => {
    const api = renderPage(() => {
      throw serverError('BAD_REQUEST', 'Age must be between 3 and 100.', {
        reason: 'VALIDATION',
        fieldErrors: { 'learners.1.age': 'Age must be between 3 and 100.' },
      });
    });
    const dialog = await openAddMany();
    paste(dialog, 'Ada,12\n\nGrace,9');
    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 learners' }));
    expect(await within(dialog).findByText('Nothing was added: fix the lines marked below, then add the list again.')).toBeTruthy();
    expect(previewRows(dialog)).toEqual([
      ['1', 'Ada', 'Ready'],
      ['3', 'Grace', 'Age must be between 3 and 100.'],
    ]);
    expect(api.inputsOf('learners.createMany')).toHaveLength(1);
  });

  it('asks before adding names the list already has, and adds them once the admin says they are different people', async () => {
    const api = renderPage((input) => {
      if ((input as ManyInput).addSameNames) return added(input);
      throw serverError('CONFLICT', 'Nothing was added: 1 name matches a learner you already have. If they are different people, confirm it and add the list again.', {
        httpStatus: 409,
        reason: 'LEARNER_NAME_EXISTS',
        fieldErrors: { 'learners.1.name': 'There is already a learner called “Maya Chen”.' },
      });
    });
    const dialog = await openAddMany();
    paste(dialog, 'Theo Okafor\nmaya chen');
    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 learners' }));

    const anyway = await within(dialog).findByRole('checkbox', { name: 'They are different people: add them anyway' });
    expect(within(dialog).getByText(/1 name matches a learner you already have/)).toBeTruthy();
    expect(previewRows(dialog)[1]).toEqual(['2', 'maya chen', 'There is already a learner called “Maya Chen”.']);
    expect(within(dialog).getByRole('rowheader', { name: 'maya chen' }).closest('tr')?.getAttribute('data-check')).toBe('warning');

    fireEvent.click(anyway);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 learners' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add many learners' })).toBeNull());
    expect(api.inputsOf('learners.createMany').map((i) => (i as ManyInput).addSameNames)).toEqual([undefined, true]);
  });

  it('forgets "add them anyway" when the list changes', async () => {
    renderPage(() => {
      throw serverError('CONFLICT', 'Nothing was added: 1 name matches a learner you already have.', {
        httpStatus: 409,
        reason: 'LEARNER_NAME_EXISTS',
        fieldErrors: { 'learners.0.name': 'There is already a learner called “Ada”.' },
      });
    });
    const dialog = await openAddMany();
    paste(dialog, 'Ada\nGrace');
    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add 2 learners' }));
    fireEvent.click(await within(dialog).findByRole('checkbox', { name: /add them anyway/ }));
    fireEvent.change(within(dialog).getByLabelText('Columns separated by'), { target: { value: ',' } });
    expect(within(dialog).queryByRole('checkbox', { name: /add them anyway/ })).toBeNull();
    expect(previewRows(dialog).map((r) => r[2])).toEqual(['Ready', 'Ready']);
  });

  it(`says the cap of ${LEARNERS_ADD_MANY_MAX} and sends nothing past it`, async () => {
    const api = renderPage();
    const dialog = await openAddMany();
    paste(dialog, Array.from({ length: LEARNERS_ADD_MANY_MAX + 1 }, (_, i) => `Learner ${i + 1}`).join('\n'));
    expect(within(dialog).getByRole('status').textContent).toBe(`${LEARNERS_ADD_MANY_MAX + 1} learners · at most ${LEARNERS_ADD_MANY_MAX} at once`);
    consent(dialog);
    fireEvent.click(within(dialog).getByRole('button', { name: `Add ${LEARNERS_ADD_MANY_MAX + 1} learners` }));
    expect(
      await within(dialog).findByText(`You can add at most ${LEARNERS_ADD_MANY_MAX} learners at once. Split the list and add the rest separately.`),
    ).toBeTruthy();
    expect(api.inputsOf('learners.createMany')).toEqual([]);
  });

  it('opens a CSV file (UTF-8 with a BOM, semicolons, CRLF) straight into the preview; refuses one that is not UTF-8', async () => {
    renderPage();
    const dialog = await openAddMany();
    const csv = new File([new Uint8Array([0xef, 0xbb, 0xbf]), 'Name;Age;Notes\r\nÉlodie Brun;9;"Zurda; lápiz grande"\r\nSam Rivera;14;\r\n'], 'class.csv', {
      type: 'text/csv',
    });
    fireEvent.change(within(dialog).getByLabelText('Or open a CSV file'), { target: { files: [csv] } });
    await within(dialog).findByRole('table', { name: 'Learners to add' });
    expect(previewRows(dialog)).toEqual([
      ['2', 'Élodie Brun', 'Ready'],
      ['3', 'Sam Rivera', 'Ready'],
    ]);
    expect(within(dialog).getByText('Zurda; lápiz grande')).toBeTruthy();
    expect((within(dialog).getByRole('checkbox', { name: 'The first line holds column names' }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Back to the list' }));
    const latin1 = new File([new Uint8Array([0xc9, 0x6c, 0x6f, 0x64, 0x69, 0x65])], 'old.csv', { type: 'text/csv' });
    fireEvent.change(within(dialog).getByLabelText('Or open a CSV file'), { target: { files: [latin1] } });
    expect(await within(dialog).findByText(/“old.csv” is not UTF-8 text/)).toBeTruthy();
  });

  it('keeps the list when the dialog is closed and opened again', async () => {
    renderPage();
    let dialog = await openAddMany();
    paste(dialog, 'Ada\nGrace');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add many learners' })).toBeNull());
    dialog = await openAddMany();
    expect(previewRows(dialog).map((r) => r[1])).toEqual(['Ada', 'Grace']);
    expect((within(dialog).getByRole('checkbox', { name: /consent from each/ }) as HTMLInputElement).checked).toBe(false);
  });

  it('speaks Spanish: the steps, the preview, a line’s problem, and the count', async () => {
    await adminI18n.activate('es');
    const api = renderPage();
    await screen.findByRole('heading', { name: 'Alumnos', level: 1 }, { timeout: 20_000 });
    fireEvent.click(screen.getByRole('button', { name: 'Añadir muchos' }));
    const dialog = await screen.findByRole('dialog', { name: 'Añadir muchos alumnos' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Vista previa' }));
    expect(await within(dialog).findByText('Pega o escribe al menos un alumno, uno por línea.')).toBeTruthy();

    fireEvent.change(within(dialog).getByLabelText('Alumnos'), { target: { value: 'Ada,12\nGrace,9,le gusta dibujar,extra' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Vista previa' }));
    const table = within(dialog).getByRole('table', { name: 'Alumnos que se añadirán' });
    expect(within(table).getByText('Listo')).toBeTruthy();
    expect(within(table).getByText(/^Esta línea tiene 4 columnas/)).toBeTruthy();
    expect(within(dialog).getByRole('status').textContent).toBe('2 alumnos · 1 línea por corregir');
    expect((within(dialog).getByLabelText('Columnas separadas por') as HTMLSelectElement).selectedOptions[0]?.textContent).toBe('Detectado: comas');

    fireEvent.click(within(dialog).getByRole('checkbox', { name: /consentimiento/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Añadir 2 alumnos' }));
    expect(await within(dialog).findByText(/^Todavía no se ha añadido nada: hay 1 línea por corregir/)).toBeTruthy();
    expect(api.inputsOf('learners.createMany')).toEqual([]);

    // The switch re-words what is on screen, the line's problem included.
    await adminI18n.activate('en');
    expect(await within(dialog).findByText(/^This line has 4 columns/)).toBeTruthy();
    expect(within(dialog).getByText(/^Nothing was added yet: 1 line needs fixing/)).toBeTruthy();
  });
});
