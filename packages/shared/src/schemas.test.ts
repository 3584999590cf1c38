import { describe, expect, it } from 'vitest';
import { createLearnerInput } from './learners';
import { forceEndInput, mintedSessionOutput, startBulkInput, startGuestInput, startSessionInput } from './sessions';

const id = '8f14e45f-ceea-467a-9575-6b1e4f8e8e41';

describe('session contracts', () => {
  it('defaults duration to 60 minutes and bounds it to 5–240', () => {
    expect(startSessionInput.parse({ learnerId: id }).durationMin).toBe(60);
    for (const bad of [4, 241, 30.5]) {
      const r = startSessionInput.safeParse({ learnerId: id, durationMin: bad });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/minutes/);
    }
  });

  it('caps guest sessions at 30 minutes', () => {
    expect(startGuestInput.parse({ ageBand: '10-13' }).durationMin).toBe(30);
    expect(startGuestInput.safeParse({ ageBand: '10-13', durationMin: 31 }).success).toBe(false);
    expect(startGuestInput.safeParse({ ageBand: '7-8' }).success).toBe(false);
  });

  it('caps a class at 50 learners and refuses duplicates', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => id.slice(0, -2) + String(i).padStart(2, '0'));
    expect(startBulkInput.safeParse({ learnerIds: ids(50) }).success).toBe(true);
    expect(startBulkInput.safeParse({ learnerIds: [...ids(50), id] }).success).toBe(false);
    expect(startBulkInput.safeParse({ learnerIds: [id, id] }).error?.issues[0]?.message).toMatch(/twice/);
    expect(startBulkInput.safeParse({ learnerIds: [] }).success).toBe(false);
  });

  it('needs a force-end reason of 3–500 characters', () => {
    expect(forceEndInput.safeParse({ sessionId: id, reason: 'no' }).success).toBe(false);
    expect(forceEndInput.safeParse({ sessionId: id, reason: 'x'.repeat(501) }).success).toBe(false);
    expect(forceEndInput.parse({ sessionId: id, reason: '  left early  ' }).reason).toBe('left early');
  });

  it('strips anything that is not part of the minted-session contract, such as a token', () => {
    const out = mintedSessionOutput.parse({
      sessionId: id,
      learnerName: 'Ada',
      redemptionCode: 'ABCD-2345',
      redeemUrl: 'http://localhost:3000/kiosk/#code=ABCD-2345',
      codeExpiresAt: new Date().toISOString(),
      durationMin: 60,
      batchId: null,
      token: 'secret',
    });
    expect(out).not.toHaveProperty('token');
  });
});

describe('learner contracts', () => {
  it('requires the adult’s consent', () => {
    const r = createLearnerInput.safeParse({ name: 'Ada' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/consent/);
    expect(createLearnerInput.parse({ name: '  Ada ', consent: true }).name).toBe('Ada');
  });

  it('bounds age to 3–100', () => {
    expect(createLearnerInput.safeParse({ name: 'A', age: 2, consent: true }).success).toBe(false);
    expect(createLearnerInput.safeParse({ name: 'A', age: 101, consent: true }).success).toBe(false);
    expect(createLearnerInput.safeParse({ name: 'A', age: 9, consent: true }).success).toBe(true);
  });
});
