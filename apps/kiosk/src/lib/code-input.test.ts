import { describe, expect, it } from 'vitest';
import { kioskI18n } from '../i18n';
import { codeFromScannedText, enrollCodeFromScannedText, readCode } from './code-input';

describe('readCode', () => {
  it('accepts any case, spaces and dashes', () => {
    expect(readCode('abcd-2345')).toEqual({ ok: true, code: 'ABCD-2345' });
    expect(readCode('  ab cd 23 45 ')).toEqual({ ok: true, code: 'ABCD-2345' });
    expect(readCode('ABCD2345')).toEqual({ ok: true, code: 'ABCD-2345' });
    expect(readCode('a-b-c-d--2-3-4-5')).toEqual({ ok: true, code: 'ABCD-2345' });
  });

  it('accepts a whole redeem link pasted in', () => {
    expect(readCode('https://perch.example.org/kiosk/#code=WXYZ-6789')).toEqual({ ok: true, code: 'WXYZ-6789' });
  });

  it('explains an empty field', () => {
    const result = readCode('   ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(kioskI18n.t(result.message)).toBe('Type the code from your card first.');
  });

  it('explains a code of the wrong length or with lookalike symbols', () => {
    for (const bad of ['ABC', 'ABCD-23456', 'ABCD-0000', 'OIL1-2345', 'ABCD-234!']) {
      const result = readCode(bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(kioskI18n.t(result.message)).toMatch(/8 letters and numbers/);
    }
  });
});

describe('codeFromScannedText', () => {
  it('reads a redeem link or a bare code', () => {
    expect(codeFromScannedText('http://localhost:3000/kiosk/#code=ABCD-2345')).toBe('ABCD-2345');
    expect(codeFromScannedText('abcd2345')).toBe('ABCD-2345');
  });

  it('ignores QR codes that are not Perch codes', () => {
    expect(codeFromScannedText('https://example.org/menu')).toBeNull();
    expect(codeFromScannedText('WIFI:S:lab;T:WPA;P:secret;;')).toBeNull();
    expect(codeFromScannedText('https://perch.example.org/kiosk/#other=1')).toBeNull();
  });
});

describe('enrollCodeFromScannedText', () => {
  it('reads an “Add a tablet” link or a bare code, not a learner’s card', () => {
    expect(enrollCodeFromScannedText('https://perch.example.org/kiosk/#enroll=abcd-2345')).toBe('ABCD-2345');
    expect(enrollCodeFromScannedText('ABCD2345')).toBe('ABCD-2345');
    expect(enrollCodeFromScannedText('https://perch.example.org/kiosk/#code=ABCD-2345')).toBeNull();
    expect(enrollCodeFromScannedText('https://example.org/menu')).toBeNull();
  });

  it('is not taken for a learner’s code on the scan screen', () => {
    expect(codeFromScannedText('https://perch.example.org/kiosk/#enroll=ABCD-2345')).toBeNull();
  });
});
