// @vitest-environment happy-dom
import type { ExistingSession, TabletSummary } from '@perch/shared';
import type { Operation } from '@trpc/client';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeClient, serverError } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { SendToTabletDialog } from './SendToTabletDialog';

const LEARNER = { id: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b', name: 'Maya Okafor' };
const TABLET: TabletSummary = {
  id: '1c7f6d4e-2e3b-4f9c-8d8e-6b5f4e3d2c1a',
  name: 'Tablet 4',
  online: true,
  lastSeenAt: new Date().toISOString(),
  createdAt: new Date().toISOString(),
  currentSession: null,
};
const ON_TABLET_3: ExistingSession = {
  sessionId: '2d8a7e5f-3f4c-4a0d-9e9f-7c6a5f4e3d2b',
  learnerId: LEARNER.id,
  learnerName: LEARNER.name,
  state: 'active',
  tabletName: 'Tablet 3',
  endsAt: new Date(Date.now() + 20 * 60_000).toISOString(),
  minutesLeft: 20,
};

describe('SendToTabletDialog', () => {
  afterEach(cleanup);

  it('says where the learner already is before sending a second session, and ends that one when asked', async () => {
    const calls: Operation[] = [];
    const client = fakeClient((op) => {
      calls.push(op);
      if (op.path === 'tablets.list') return [TABLET];
      if (op.path !== 'tablets.send') throw new Error(`unexpected call ${op.path}`);
      if ((op.input as { onExisting?: string }).onExisting !== 'end') {
        throw serverError('CONFLICT', 'Maya Okafor already has a session on Tablet 3, …', {
          reason: 'LEARNER_HAS_SESSION',
          httpStatus: 409,
          existingSessions: [ON_TABLET_3],
        });
      }
      return { sessionId: '3e9b8f6a-4a5d-4b1e-8f0a-8d7b6a5f4e3c', learnerName: LEARNER.name, tabletId: TABLET.id, tabletName: TABLET.name };
    });
    renderWithApi(<SendToTabletDialog learner={LEARNER} onClose={() => {}} />, client);
    const dialog = screen.getByRole('dialog', { name: 'Send Maya Okafor to a tablet' });
    fireEvent.click(await within(dialog).findByRole('radio', { name: 'Tablet 4' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Send to tablet' }));

    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Maya Okafor already has a session on Tablet 3, ends in about 20 minutes.',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'End that one and start a new one' }));
    expect((await within(dialog).findByRole('status')).textContent).toMatch(/^Sent to Tablet 4/);
    expect(calls.filter((c) => c.path === 'tablets.send').map((c) => (c.input as { onExisting?: string }).onExisting)).toEqual([undefined, 'end']);
  });
});
