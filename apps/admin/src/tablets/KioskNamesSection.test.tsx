// @vitest-environment happy-dom
import type { Operation } from '@trpc/client';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { adminI18n } from '../i18n';
import { fakeClient } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { KioskNamesSection } from './KioskNamesSection';

/** A fake API holding the setting, noting each save. */
function fakeApi(firstNamesOnly: boolean) {
  const saves: unknown[] = [];
  const client = fakeClient((op: Operation) => {
    if (op.path === 'tablets.kioskNames') return { firstNamesOnly };
    if (op.path !== 'tablets.setKioskNames') throw new Error(`unexpected call ${op.path}`);
    saves.push(op.input);
    firstNamesOnly = (op.input as { firstNamesOnly: boolean }).firstNamesOnly;
    return { firstNamesOnly };
  });
  return { client, saves };
}

describe('KioskNamesSection', () => {
  afterEach(async () => {
    cleanup();
    await adminI18n.activate('en');
  });

  it('shows what is saved and saves a tick at once, saying what tablets now show', async () => {
    const api = fakeApi(false);
    renderWithApi(<KioskNamesSection />, api.client);
    expect(screen.getByRole('heading', { name: 'Names on tablets' })).toBeTruthy();
    const box = (await screen.findByRole('checkbox', { name: /Show only first names on tablets/ })) as HTMLInputElement;
    await expect.poll(() => box.disabled).toBe(false);
    expect(box.checked).toBe(false);
    expect(screen.getByText(/greets “Maya Okafor” as “Maya”/)).toBeTruthy();
    fireEvent.click(box);
    expect((await screen.findByText('Saved: tablets now show first names only.')).getAttribute('role')).toBe('status');
    expect(box.checked).toBe(true);
    expect(api.saves).toEqual([{ firstNamesOnly: true }]);
  });

  it('speaks Spanish', async () => {
    await adminI18n.activate('es');
    const api = fakeApi(true);
    renderWithApi(<KioskNamesSection />, api.client);
    expect(screen.getByRole('heading', { name: 'Nombres en las tabletas' })).toBeTruthy();
    const box = (await screen.findByRole('checkbox', { name: /Mostrar solo el nombre de pila en las tabletas/ })) as HTMLInputElement;
    await expect.poll(() => box.checked).toBe(true);
    fireEvent.click(box);
    await screen.findByText('Guardado: las tabletas muestran ahora el nombre completo.');
    expect(api.saves).toEqual([{ firstNamesOnly: false }]);
  });
});
