import type { Client } from '@modelcontextprotocol/client';
import { auditDetailWords, type OnExisting } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, agentSuite, connectAgent, newGrant, setPolicy } from '../agents/test-agent';
import { onlineTablet } from '../tablets/test-tablet';
import { DIALECTS } from '../test/harness';
import { addLearner } from './test-fixtures';

type Choice = Exclude<OnExisting, 'refuse'>;

for (const dialect of DIALECTS) {
  describe(`every start records the admin's onExisting choice, and what it did, in its audit entry (${dialect})`, () => {
    const t = agentSuite(dialect, { RATE_LIMIT_SESSION_START_PER_MIN: '1000', RATE_LIMIT_CLASS_START_PER_MIN: '1000' });
    const streams: AbortController[] = [];
    let agent: Client;
    beforeAll(async () => {
      await setPolicy(t.admin, { version: '1', default: 'allow' });
      agent = await connectAgent(t.server.url, (await newGrant(t.admin)).secret);
    });
    afterAll(async () => {
      for (const s of streams) s.abort();
      await agent.close();
    });

    /** The audit entry that started (or sent) `sessionId`: its detail, and what the audit log says of it. */
    const entryOf = async (sessionId: string) => {
      const { items } = await t.admin.caller.audit.list({ actions: ['session.start', 'session.send'], limit: 100 });
      const entry = items.find((e) => e.sessionId === sessionId)!;
      return { detail: entry.detail, words: auditDetailWords(entry) };
    };

    /** Every way to start a learner's session with onExisting; each answers the new session's id. */
    const STARTS: Record<string, (learnerId: string, onExisting: Choice) => Promise<string>> = {
      'sessions.start': async (learnerId, onExisting) => (await t.admin.caller.sessions.start({ learnerId, onExisting })).sessionId,
      'sessions.startBulk': async (learnerId, onExisting) =>
        (await t.admin.caller.sessions.startBulk({ learnerIds: [learnerId], onExisting })).sessions[0]!.sessionId,
      'tablets.send': async (learnerId, onExisting) => {
        const { tablet } = await onlineTablet(t.services, t.admin, streams);
        return (await t.admin.caller.tablets.send({ learnerId, tabletId: tablet.id, onExisting })).sessionId;
      },
      'tablets.sendClass': async (learnerId, onExisting) => {
        await onlineTablet(t.services, t.admin, streams);
        return (await t.admin.caller.tablets.sendClass({ learnerIds: [learnerId], onExisting })).placed[0]!.sessionId;
      },
      maker_start_sessions_bulk: async (learnerId, onExisting) => {
        const out = await call(agent, 'maker_start_sessions_bulk', { learnerIds: [learnerId], onExisting });
        expect(out.isError).toBeFalsy();
        return (out.structuredContent as { sessions: { sessionId: string }[] }).sessions[0]!.sessionId;
      },
    };

    for (const [entryPoint, start] of Object.entries(STARTS)) {
      it(`${entryPoint}: "end" and "keep" over a session the learner had, with the session it ended or started beside`, async () => {
        for (const [onExisting, key, sentence] of [
          ['end', 'endedSessionIds', 'Their other session was ended to start this one.'],
          ['keep', 'besideSessions', 'Started beside another session of theirs, as the admin chose.'],
        ] as const) {
          const learner = await addLearner(t.services);
          const other = await t.admin.caller.sessions.start({ learnerId: learner.id });
          const { detail, words } = await entryOf(await start(learner.id, onExisting));
          expect(detail, onExisting).toEqual(expect.objectContaining({ onExisting, [key]: key === 'besideSessions' ? 1 : [other.sessionId] }));
          expect(words).toContain(sentence);
        }
      });

      it(`${entryPoint}: "end" and "keep" for a learner with no other session record the choice, and that nothing was ended or kept`, async () => {
        for (const onExisting of ['end', 'keep'] as const) {
          const learner = await addLearner(t.services);
          const { detail, words } = await entryOf(await start(learner.id, onExisting));
          expect(detail, onExisting).toMatchObject({ onExisting });
          expect(detail).not.toHaveProperty('endedSessionIds');
          expect(detail).not.toHaveProperty('besideSessions');
          expect(words).not.toMatch(/ended|beside/);
        }
      });
    }
  });
}
