// @vitest-environment happy-dom
import type { AgentRequest } from '@perch/shared';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, inMinutes, request, TOOLS } from '../test/agents-fixtures';
import { fakeApi } from '../test/fake-api';
import { serverError } from '../test/fake-client';
import { renderWithApi } from '../test/render-with-api';
import { RequestsSection } from './RequestsSection';

const ADA = { id: '0b6f5c3e-1d2a-4e8b-9c7d-5a4f3e2d1c0b', name: 'Ada Lovelace' };
/** What the section's other queries answer; `requests`, when given, is the fixed answer to agents.requests.list. */
const lists = (requests?: AgentRequest[]) => ({
  ...(requests ? { 'agents.requests.list': requests } : {}),
  'agents.tools.list': TOOLS,
  'learners.list': [{ ...ADA, age: 11, notes: null, consentAt: inMinutes(-60), createdAt: inMinutes(-60), archivedAt: null }],
  'sessions.list': [],
});
const card = (r: AgentRequest) => screen.getByRole('article', { name: new RegExp(r.tool) });

describe('RequestsSection', () => {
  afterEach(cleanup);

  it('shows a waiting request readably, and its outcome once approved', async () => {
    const pending = request();
    const api = fakeApi(
      { 'agents.requests.approve': () => ({ ...pending, state: 'approved', decidedAt: inMinutes(0), decidedBy: ADMIN_EMAIL, expiresAt: inMinutes(15) }) },
      lists([pending]),
    );
    renderWithApi(<RequestsSection eventsStatus="pending" />, api.client);
    await screen.findByText('1 waiting for your decision.');
    const article = card(pending);
    expect(within(article).getByText('Start a kiosk session')).toBeTruthy();
    expect(within(article).getByText('Classroom assistant')).toBeTruthy();
    await within(article).findByText('Ada Lovelace (0b6f5c3e…)');
    expect(within(article).getByText('durationMin').closest('div')!.textContent).toBe('durationMin45');
    expect(within(article).getByText('in 14 min')).toBeTruthy();

    fireEvent.click(within(article).getByRole('button', { name: 'Approve maker_start_session for Classroom assistant' }));
    await within(article).findByText(new RegExp(`^Approved by ${ADMIN_EMAIL} at .*\\. It runs when the agent asks for the outcome\\.$`));
    expect(article.getAttribute('data-state')).toBe('approved');
    expect(within(article).queryByRole('button', { name: /Approve|Decline/ })).toBeNull();
    expect(api.inputsOf('agents.requests.approve')).toEqual([{ requestId: pending.id }]);
    expect(screen.getByText('Nothing is waiting for you.')).toBeTruthy();
  });

  it('treats a request past its deadline as lapsed, with no buttons, before the server says so', async () => {
    const late = request({ expiresAt: inMinutes(-0.5), createdAt: inMinutes(-15.5) });
    renderWithApi(<RequestsSection eventsStatus="pending" />, fakeApi({}, lists([late])).client);
    await screen.findByText('Nothing is waiting for you.');
    const article = card(late);
    expect(article.getAttribute('data-state')).toBe('expired');
    expect(within(article).getByText('Nobody decided in time, so it did not run. The agent has to ask again.')).toBeTruthy();
    expect(within(article).queryByRole('button')).toBeNull();
  });

  it('says so when another admin decided first, and fetches where it stands now', async () => {
    const pending = request();
    let decided = false;
    const api = fakeApi(
      {
        'agents.requests.decline': () => {
          decided = true;
          throw serverError('CONFLICT', 'This request was already approved.', { reason: 'INVALID_TRANSITION', httpStatus: 409 });
        },
        'agents.requests.list': () => [decided ? { ...pending, state: 'approved', decidedBy: 'other@example.org', decidedAt: inMinutes(0) } : pending],
      },
      lists(),
    );
    renderWithApi(<RequestsSection eventsStatus="pending" />, api.client);
    await screen.findByText('1 waiting for your decision.');
    fireEvent.click(screen.getByRole('button', { name: 'Decline maker_start_session for Classroom assistant' }));
    await waitFor(() => expect(card(pending).getAttribute('data-state')).toBe('approved'));
    expect(within(card(pending)).getByText(/^Approved by other@example\.org/)).toBeTruthy();
    expect(within(card(pending)).getByRole('alert').textContent).toContain('This request was already approved.');
    expect(api.inputsOf('agents.requests.list').length).toBeGreaterThanOrEqual(2);
  });

  it('invites nothing when there are no requests', async () => {
    renderWithApi(<RequestsSection eventsStatus="pending" />, fakeApi({}, lists([])).client);
    await screen.findByText('No requests yet');
    expect(screen.getByRole('status').textContent).toBe('Updating live');
  });
});
