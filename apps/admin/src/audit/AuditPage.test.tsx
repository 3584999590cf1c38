// @vitest-environment happy-dom
import { AUDIT_EXPORT_PATH, type AuditEntry } from '@perch/shared';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../test/fake-api';
import { renderWithApi } from '../test/render-with-api';
import { AuditPage } from './AuditPage';

const LEARNER = '8f14e45f-ceea-467a-9575-6b1e4f8e8e41';
const TABLET = '2b7e1516-28ae-4d2a-a6ab-f7158809cf4f';
const BATCH = 'ee5b8cc5-1d2e-4f6a-8b9c-0d1e2f3a4b5c';

const entry = (id: number, overrides: Partial<AuditEntry>): AuditEntry => ({
  id,
  at: '2026-03-01T10:00:00.000Z',
  actorType: 'admin',
  actorId: null,
  actorLabel: 'teacher@example.org',
  actorName: null,
  action: 'admin.login',
  sessionId: null,
  learnerId: null,
  learner: null,
  tablet: null,
  ip: '127.0.0.1',
  userAgent: null,
  detail: {},
  ...overrides,
});

const maya = { kind: 'learner' as const, id: LEARNER, name: 'Maya Okafor', archived: false };

/** The table's rows as the cells a person reads, header first. */
function table(): string[][] {
  return screen.getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((c) => c.textContent ?? ''));
}

describe('AuditPage', () => {
  afterEach(cleanup);

  it('says each entry in words: who, what, for whom and its details as sentences', async () => {
    const entries = [
      entry(6, { action: 'session.start', learnerId: LEARNER, learner: maya, detail: { durationMin: 60, idleLockMin: 10, batchId: BATCH, classSize: 12 } }),
      entry(5, {
        action: 'session.redeem',
        actorType: 'kiosk',
        actorId: TABLET,
        actorLabel: 'Tablet 3',
        learnerId: LEARNER,
        learner: { ...maya, archived: true },
        tablet: { id: TABLET, name: 'Front desk', retired: false },
        detail: { device: 'Tablet 3' },
      }),
      entry(4, { action: 'session.redeem_failed', actorType: 'kiosk', actorLabel: 'Chrome on Android', detail: { reason: 'CODE_USED' } }),
      entry(3, { action: 'session.finish', actorType: 'kiosk', actorLabel: 'Safari on iPad', sessionId: BATCH, learner: { kind: 'guest', ageBand: '10-13' } }),
      entry(2, { action: 'session.expire', actorType: 'system', actorLabel: null, learnerId: LEARNER, learner: maya, detail: { why: 'time_up' } }),
      entry(1, { action: 'agent.call', actorType: 'agent', actorLabel: 'Claude, room 4', detail: { tool: 'maker_list_learners', outcome: 'ok', newKey: 3 } }),
    ];
    const api = fakeApi({ 'audit.list': () => ({ items: entries, nextCursor: null }) });
    renderWithApi(<AuditPage />, api.client);
    await screen.findByRole('cell', { name: 'Session started' });

    expect(table().map((row) => row.slice(1, 5))).toEqual([
      ['Who', 'What', 'Learner', 'Details'],
      ['teacher@example.org', 'Session started', 'Maya Okafor', '60-minute session, locks after 10 idle minutes, part of a class start of 12.'],
      ['Tablet 3 (now “Front desk”)', 'Code redeemed', 'Maya Okafor (archived)', '—'],
      ['The kiosk (Chrome on Android)', 'Code refused', '—', 'This code had already been used.'],
      ['The kiosk (Safari on iPad)', 'Learner finished', 'A guest (10-13)', 'The learner ended the session on the tablet.'],
      ['Perch', 'Session expired', 'Maya Okafor', 'Its time ran out.'],
      ['Agent “Claude, room 4”', 'Agent tool call', '—', 'Ran maker_list_learners. New key: 3.'],
    ]);
    // No raw detail keys anywhere a person reads.
    expect(document.body.textContent).not.toMatch(/durationMin|idleLockMin|batchId|ee5b8cc5/);
  });

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

  it('downloads as CSV what the filters show, every page of it', async () => {
    const api = fakeApi({ 'audit.list': () => ({ items: [entry(1, {})], nextCursor: 1 }) });
    renderWithApi(<AuditPage />, api.client);
    const link = await screen.findByRole('link', { name: 'Download CSV' });
    const href = () => new URL(link.getAttribute('href')!, 'http://perch.test');
    expect(link.hasAttribute('download')).toBe(true);
    expect(href().pathname).toBe(AUDIT_EXPORT_PATH);
    expect(href().searchParams.get('timeZone')).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(screen.getByText(/^Every entry, newest first, up to 50,000\.$/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Action'), { target: { value: 'session.start' } });
    fireEvent.change(screen.getByLabelText('Who'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01T08:00' } });
    await screen.findByText(/^Every entry matching these filters/);
    expect(href().searchParams.getAll('actions')).toEqual(['session.start']);
    expect(href().searchParams.getAll('actorTypes')).toEqual(['admin']);
    expect(href().searchParams.get('since')).toBe(new Date('2026-03-01T08:00').toISOString());
    expect(href().searchParams.has('limit')).toBe(false);
    expect(href().searchParams.has('cursor')).toBe(false);
  });
});
