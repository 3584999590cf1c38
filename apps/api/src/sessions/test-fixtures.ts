import crypto from 'node:crypto';
import type { SessionState } from '@perch/shared';
import type { Services } from '../context';

/** Test data written straight to the database, so these suites do not depend on the learners API. */
export async function addLearner(
  services: Services,
  opts: { name?: string; archived?: boolean } = {},
): Promise<{ id: string; name: string }> {
  const now = services.now();
  const learner = { id: crypto.randomUUID(), name: opts.name ?? `Learner ${crypto.randomBytes(3).toString('hex')}` };
  await services.db
    .insertInto('learners')
    .values({
      ...learner,
      age: 9,
      notes: null,
      consent_at: now,
      created_by: null,
      created_at: now,
      updated_at: now,
      archived_at: opts.archived ? now : null,
    })
    .execute();
  return learner;
}

/** A session row in any state, for exercising the lifecycle directly. */
export async function addSessionInState(
  services: Services,
  state: SessionState,
  opts: { guest?: boolean; durationMin?: number; idleLockMin?: number } = {},
): Promise<string> {
  const now = services.now();
  const id = crypto.randomUUID();
  await services.db
    .insertInto('sessions')
    .values({
      id,
      learner_id: null,
      learner_name: opts.guest ? 'Guest (10-13)' : 'Fixture',
      guest_age_band: opts.guest ? '10-13' : null,
      batch_id: null,
      state,
      duration_min: opts.durationMin ?? 60,
      idle_lock_min: opts.idleLockMin ?? 10,
      created_by: 'fixture',
      created_at: now,
      code_hash: state === 'pending' ? crypto.randomBytes(32).toString('hex') : null,
      code_expires_at: now + 10 * 60_000,
      redeemed_at: state === 'pending' ? null : now,
      token_hash: state === 'pending' ? null : crypto.randomBytes(32).toString('hex'),
      // A pending session ends with its code; a started one runs its duration from redemption.
      expires_at: state === 'pending' ? now + 10 * 60_000 : now + (opts.durationMin ?? 60) * 60_000,
      last_activity_at: state === 'pending' ? null : now,
      locked_at: null,
      ending_at: state === 'ending' ? now : null,
      ended_at: ['ended', 'revoked', 'expired'].includes(state) ? now : null,
      end_reason: null,
      device: null,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Collects events from the bus until stopped; for asserting what was published and when. */
export function recordEvents(services: Services) {
  const controller = new AbortController();
  const seen: { sessionId: string; state: SessionState }[] = [];
  const done = (async () => {
    for await (const e of services.events.stream(controller.signal)) seen.push({ sessionId: e.sessionId, state: e.state });
  })();
  return {
    seen,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

export const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));
