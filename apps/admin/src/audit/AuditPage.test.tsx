// @vitest-environment happy-dom
import type { AuditEntry } from '@perch/shared';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { renderWithApi } from '../test/render-with-api';
import { AuditPage } from './AuditPage';

const entry = (id: number, overrides: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: '2026-03-01T10:00:00.000Z',
  actorType: 'admin',
  actorId: null,
  actorLabel: 'teacher@example.org',
  action: 'admin.login',
  sessionId: null,
  learnerId: null,
  ip: '127.0.0.1',
  userAgent: null,
  detail: {},
  ...overrides,
});

describe('AuditPage', () => {
  afterEach(cleanup);

  it('filters to what AI agents did, each named by its grant’s label', async () => {
    const byAgent = entry(2, { actorType: 'agent', actorLabel: 'Classroom assistant', action: 'agent.call', detail: { tool: 'maker_list_learners', outcome: 'ok' } });
    const api = fakeApi({
      'audit.list': (input) => ({
        items: (input as { actorTypes?: string[] }).actorTypes?.includes('agent') ? [byAgent] : [entry(1, {}), byAgent],
        nextCursor: null,
      }),
    });
    renderWithApi(<AuditPage />, api.client);
    await screen.findByRole('cell', { name: 'Admin signed in' });

    fireEvent.change(screen.getByLabelText('Who'), { target: { value: 'agent' } });
    await screen.findByRole('button', { name: 'Clear filters' });
    await expect.poll(() => screen.queryByRole('cell', { name: 'Admin signed in' })).toBeNull();
    expect(screen.getByRole('cell', { name: 'Agent “Classroom assistant”' })).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'Agent tool call' })).toBeTruthy();
    expect(api.inputsOf('audit.list').at(-1)).toMatchObject({ actorTypes: ['agent'] });
  });
});
