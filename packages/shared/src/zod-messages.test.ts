import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listAuditInput, loginInput } from './index';

const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message);

describe('default zod messages name the field', () => {
  const schema = z.object({
    title: z.string().max(3),
    count: z.number().int(),
    tags: z.array(z.string()).max(1),
    flag: z.boolean(),
    nested: z.object({ deep: z.string() }),
    kind: z.enum(['a', 'b']),
  });

  it('says which field is wrong and what it should be', () => {
    expect(messages(schema, { title: 'long', count: 1.5, tags: ['x', 'y'], flag: 'no', nested: { deep: 1 }, kind: 'c' })).toEqual([
      '“title” can be at most 3 characters.',
      '“count” should be a whole number.',
      '“tags” can hold at most 1 items.',
      '“flag” should be true or false.',
      '“nested.deep” should be text.',
      '“kind” should be one of: a, b.',
    ]);
    expect(messages(schema, { count: 1 })?.[0]).toBe('“title” is required.');
    expect(messages(schema, undefined)).toEqual(['This request needs an input.']);
    expect(messages(schema, 'text')).toEqual(['Send the input as a JSON object.']);
  });

  it('leaves a schema’s own sentence alone', () => {
    expect(messages(loginInput, { email: 1, password: 2 })).toEqual(['Enter your email address.', 'Enter your password.']);
  });

  it('covers the contract schemas that rely on defaults', () => {
    expect(messages(listAuditInput, { limit: 'ten' })).toEqual(['“limit” should be a number.']);
    expect(messages(listAuditInput, { limit: 0 })).toEqual(['“limit” must be at least 1.']);
  });
});
