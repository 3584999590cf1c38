import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH } from './constants';
import { formatCode, normalizeCode } from './code';
import { codeFromFragment } from './code-fragment';
import { redeemInput } from './kiosk';

describe('redemption codes', () => {
  it('uses an alphabet without lookalikes', () => {
    for (const lookalike of ['0', 'O', '1', 'I', 'L']) expect(CODE_ALPHABET).not.toContain(lookalike);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it('normalises case, spaces and dashes', () => {
    expect(normalizeCode('abcd-2345')).toBe('ABCD2345');
    expect(normalizeCode('  ab cd 23 45 ')).toBe('ABCD2345');
    expect(normalizeCode('ABCD—2345'.replace('—', '-'))).toBe('ABCD2345');
  });

  it('rejects wrong lengths and symbols outside the alphabet', () => {
    expect(normalizeCode('ABCD-234')).toBeNull();
    expect(normalizeCode('ABCD-23456')).toBeNull();
    expect(normalizeCode('ABCD-0OIL')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });

  it('formats as two groups of four', () => {
    expect(formatCode('ABCD2345')).toBe('ABCD-2345');
    expect(formatCode('ABCD2345').replace('-', '')).toHaveLength(CODE_LENGTH);
  });

  it('reads the code from a redeem link fragment', () => {
    expect(codeFromFragment('#code=ABCD-2345')).toBe('ABCD-2345');
    expect(codeFromFragment('')).toBeNull();
  });

  it('explains a malformed code in words', () => {
    const result = redeemInput.safeParse({ code: 'hello' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/8 letters and digits/);
    expect(redeemInput.parse({ code: 'abcd 2345' }).code).toBe('ABCD2345');
  });
});
