import { describe, expect, it } from 'vitest';
import { pickLocale } from './locales';

describe('pickLocale', () => {
  it('takes the first browser language Perch speaks, any region', () => {
    expect(pickLocale(['es-ES', 'en'])).toBe('es');
    expect(pickLocale(['fr-FR', 'es-MX', 'en-US'])).toBe('es');
    expect(pickLocale(['en-GB', 'es'])).toBe('en');
  });

  it('falls back to English', () => {
    expect(pickLocale(['fr', 'de-DE'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});
