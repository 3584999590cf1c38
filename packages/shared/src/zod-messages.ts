import { z } from 'zod';

/**
 * Sentences for the checks our schemas leave to zod's defaults ("Invalid input: expected string,
 * received number" names no field). A schema's own `error` still wins; this only fills the gaps,
 * so any client, curl included, is told which field is wrong and how.
 */
const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

/** A field's name as messages spell it: `notes`, `learnerIds[2]`; null for the input as a whole. */
export function fieldName(path: readonly PropertyKey[] | undefined): string | null {
  if (!path || path.length === 0) return null;
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

export function perchZodMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const name = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const kind = KINDS[issue.expected] ?? issue.expected;
      if (!name) {
        if (issue.input === undefined) return 'This request needs an input.';
        return issue.expected === 'object' ? 'Send the input as a JSON object.' : `Send the input as ${kind}.`;
      }
      return issue.input === undefined ? `“${name}” is required.` : `“${name}” should be ${kind}.`;
    }
    case 'too_big':
      if (issue.origin === 'string') return `“${name ?? 'The input'}” can be at most ${issue.maximum} characters.`;
      if (issue.origin === 'array') return `“${name ?? 'The list'}” can hold at most ${issue.maximum} items.`;
      return `“${name ?? 'The value'}” can be at most ${issue.maximum}.`;
    case 'too_small':
      if (issue.origin === 'string') return `“${name ?? 'The input'}” needs at least ${issue.minimum} characters.`;
      if (issue.origin === 'array') return `“${name ?? 'The list'}” needs at least ${issue.minimum} items.`;
      return `“${name ?? 'The value'}” must be at least ${issue.minimum}.`;
    case 'invalid_value':
      return `“${name ?? 'The value'}” should be one of: ${issue.values.map(String).join(', ')}.`;
    case 'invalid_format':
      return `“${name ?? 'The value'}” is not in the expected format.`;
    default:
      return undefined;
  }
}

z.config({ customError: perchZodMessage });
