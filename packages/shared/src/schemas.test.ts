import { describe, expect, it } from 'vitest';
import { LEARNERS_ADD_MANY_MAX, LEARNER_NAME_MAX, LEARNER_NOTES_MAX } from './constants';
import { REPEATED_NAME_MESSAGE, createLearnerInput, createManyLearnersInput, learnerSearchKey, repeatedNames } from './learners';
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

  it('refuses a learner’s second session unless told to end or keep theirs; a class skips them', () => {
    expect(startSessionInput.parse({ learnerId: id }).onExisting).toBe('refuse');
    expect(startSessionInput.parse({ learnerId: id, onExisting: 'end' }).onExisting).toBe('end');
    expect(startSessionInput.safeParse({ learnerId: id, onExisting: 'skip' }).error?.issues[0]?.message).toMatch(/^onExisting is "refuse", "end"/);
    expect(startBulkInput.parse({ learnerIds: [id] }).onExisting).toBe('skip');
    expect(startBulkInput.safeParse({ learnerIds: [id], onExisting: 'refuse' }).success).toBe(false);
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

describe('adding many learners', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Learner ${i + 1}` }));
  const issues = (input: unknown) =>
    createManyLearnersInput.safeParse(input).error?.issues.map((i) => [i.path.map(String).join('.'), i.message]) ?? [];

  it(`takes 1 to ${LEARNERS_ADD_MANY_MAX} rows, and says the cap`, () => {
    expect(createManyLearnersInput.safeParse({ learners: rows(LEARNERS_ADD_MANY_MAX), consent: true }).success).toBe(true);
    expect(issues({ learners: rows(LEARNERS_ADD_MANY_MAX + 1), consent: true })).toEqual([
      ['learners', `You can add at most ${LEARNERS_ADD_MANY_MAX} learners at once. Split the list and add the rest separately.`],
    ]);
    expect(issues({ learners: [], consent: true })).toEqual([['learners', 'Add at least one learner.']]);
  });

  it('needs one consent for the list, under the same rule as adding one learner', () => {
    for (const consent of [undefined, false, 'true', 1]) {
      expect(issues({ learners: rows(2), consent })).toEqual([['consent', 'Confirm that you have consent to add these learners.']]);
    }
    expect(createManyLearnersInput.parse({ learners: rows(2), consent: true }).addSameNames).toBeUndefined();
  });

  it('checks each row with the single-learner rules, on its own path', () => {
    const input = {
      learners: [{ name: '  Zoe\u0308 ' }, { name: '' }, { name: 'B', age: 2 }, { name: 'C', notes: 'n'.repeat(LEARNER_NOTES_MAX + 1) }, { name: 'x'.repeat(LEARNER_NAME_MAX + 1) }],
      consent: true,
    };
    expect(issues(input)).toEqual([
      ['learners.1.name', 'Enter the learner’s name.'],
      ['learners.2.age', 'Age must be between 3 and 100.'],
      ['learners.3.notes', `Notes can be at most ${LEARNER_NOTES_MAX} characters.`],
      ['learners.4.name', `A name can be at most ${LEARNER_NAME_MAX} characters.`],
    ]);
    // Free text goes through safeText: NFC, trimmed; hidden characters refused.
    expect(createManyLearnersInput.parse({ learners: [{ name: '  Zoe\u0308 ', notes: ' likes robots\n' }], consent: true }).learners[0]).toEqual({
      name: 'Zoë',
      notes: 'likes robots',
    });
    expect(issues({ learners: [{ name: 'Ada', notes: 'a\u202Eb' }], consent: true })).toEqual([
      ['learners.0.notes', '“learners[0].notes” contains an invisible control character. Remove it and try again.'],
    ]);
  });

  it('refuses a name twice in one list (case, accents and spacing aside), beside the other rows’ problems', () => {
    const input = {
      learners: [{ name: 'Élodie Brun' }, { name: 'Sam' }, { name: 'elodie  BRUN' }, { name: '' }, { name: 'ELODIE brun' }, { name: '' }],
      consent: true,
    };
    expect(issues(input)).toEqual([
      ['learners.3.name', 'Enter the learner’s name.'],
      ['learners.5.name', 'Enter the learner’s name.'],
      ['learners.2.name', REPEATED_NAME_MESSAGE],
      ['learners.4.name', REPEATED_NAME_MESSAGE],
    ]);
    expect(repeatedNames(['Ana', 'Ána', 'Anna', ' ', '', 'ANA'])).toEqual([1, 5]);
  });

  it('folds names for search and comparison the same way everywhere', () => {
    expect(learnerSearchKey('  ÉMILE   Été ')).toBe('emile ete');
    expect(learnerSearchKey('Zoe\u0308')).toBe(learnerSearchKey('Zoë'));
  });
});
