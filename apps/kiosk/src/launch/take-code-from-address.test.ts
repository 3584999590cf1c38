// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { takeCodeFromAddress, takeEnrollCodeFromAddress } from './take-code-from-address';

describe('takeCodeFromAddress', () => {
  beforeEach(() => window.history.replaceState(null, '', '/kiosk/'));

  it('returns the code and removes it from the address without adding history', () => {
    window.history.replaceState(null, '', '/kiosk/?lang=en#code=ABCD-2345');
    const before = window.history.length;
    expect(takeCodeFromAddress()).toBe('ABCD-2345');
    expect(window.location.href).not.toContain('ABCD');
    expect(window.location.hash).toBe('');
    expect(window.location.pathname + window.location.search).toBe('/kiosk/?lang=en');
    expect(window.history.length).toBe(before);
  });

  it('returns null and leaves the address alone without a code', () => {
    expect(takeCodeFromAddress()).toBeNull();
    window.history.replaceState(null, '', '/kiosk/#help');
    expect(takeCodeFromAddress()).toBeNull();
    expect(window.location.hash).toBe('#help');
  });
});

describe('takeEnrollCodeFromAddress', () => {
  beforeEach(() => window.history.replaceState(null, '', '/kiosk/'));

  it('returns the enrollment code and removes it from the address; a session code is left for its own reader', () => {
    window.history.replaceState(null, '', '/kiosk/#enroll=WXYZ-6789');
    expect(takeEnrollCodeFromAddress()).toBe('WXYZ-6789');
    expect(window.location.href).not.toContain('WXYZ');
    window.history.replaceState(null, '', '/kiosk/#code=ABCD-2345');
    expect(takeEnrollCodeFromAddress()).toBeNull();
    expect(window.location.hash).toBe('#code=ABCD-2345');
  });
});
