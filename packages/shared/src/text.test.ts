import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-messages';
import { hasHiddenCharacter, normalizeText, safeText } from './text';

describe('safeText', () => {
  const form = z.object({ name: safeText({ error: 'Enter a name.' }).min(1, { error: 'Enter a name.' }).max(5), notes: safeText({ multiline: true }) });

  it('normalises: NFC, trimmed, and empty when nothing in it is visible', () => {
    expect(normalizeText('  Zoe\u0308\n')).toBe('Zoë');
    for (const invisible of ['\u200B', '\u200C\u200D\u2060', '\uFEFF\u00A0', '\u3164\u115F', '\u2800', '\u0301']) {
      expect(normalizeText(invisible), JSON.stringify(invisible)).toBe('');
    }
    // Marks and joiners inside visible text are part of it (Hindi, emoji sequences, Persian).
    for (const visible of ['हिंदी', '👩‍💻', 'می‌خواهم']) expect(normalizeText(visible)).toBe(visible);
  });

  it('refuses NUL, controls, bidi overrides and isolates, and broken surrogates, with one sentence naming the field', () => {
    for (const bad of ['A\u0000', 'A\u0007b', 'A\u009Bb', 'Ada\u202Etxt', 'a\u202Ab', 'a\u2066b\u2069', 'a\u2068b', 'a\uD800b', 'a\uDC00']) {
      const result = form.safeParse({ name: bad, notes: '' });
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues.map((i) => i.message)).toEqual(['“name” contains an invisible control character. Remove it and try again.']);
    }
  });

  it('keeps line breaks and tabs in multi-line fields only', () => {
    expect(form.parse({ name: 'Ada', notes: 'line one\n\tline two\r\n' }).notes).toBe('line one\n\tline two');
    expect(form.safeParse({ name: 'A\nda', notes: '' }).success).toBe(false);
    expect(hasHiddenCharacter('a\nb', true)).toBe(false);
    expect(hasHiddenCharacter('a\u000Bb', true)).toBe(true);
  });

  it('counts lengths on the normalised text, and a name of nothing visible is no name', () => {
    expect(form.parse({ name: ' Ade\u0301 ', notes: '' }).name).toBe('Adé');
    expect(form.safeParse({ name: 'e\u0301'.repeat(5), notes: '' }).success).toBe(true);
    expect(form.safeParse({ name: '\u200B\u200B', notes: '' }).error?.issues[0]?.message).toBe('Enter a name.');
  });
});
