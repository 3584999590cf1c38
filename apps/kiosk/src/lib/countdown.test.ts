import { describe, expect, it } from 'vitest';
import { kioskI18n } from '../i18n';
import { clockOffsetMs, describeRemaining as describe_, remainingMs } from './countdown';

const describeRemaining = (ms: number) => kioskI18n.t(describe_(ms));

describe('countdown on the server clock', () => {
  it('corrects a tablet clock that runs behind or ahead', () => {
    const serverNow = Date.parse('2026-05-01T10:00:00.000Z');
    const expiresAt = '2026-05-01T10:30:00.000Z';
    for (const drift of [-7 * 60_000, 0, 3 * 60_000]) {
      const tabletNow = serverNow + drift;
      const offset = clockOffsetMs(new Date(serverNow).toISOString(), tabletNow);
      expect(offset + drift).toBe(0);
      expect(remainingMs(expiresAt, offset, tabletNow)).toBe(30 * 60_000);
      // Ten tablet seconds later, ten fewer seconds left, whatever the drift.
      expect(remainingMs(expiresAt, offset, tabletNow + 10_000)).toBe(30 * 60_000 - 10_000);
    }
  });

  it('never goes below zero', () => {
    expect(remainingMs('2026-05-01T10:00:00.000Z', 0, Date.parse('2026-05-01T11:00:00.000Z'))).toBe(0);
  });

  it('ignores a server time it cannot read', () => {
    expect(clockOffsetMs('not a date', 123)).toBe(0);
  });
});

describe('describeRemaining', () => {
  it('says it in words', () => {
    expect(describeRemaining(12 * 60_000)).toBe('About 12 minutes left');
    expect(describeRemaining(30_000)).toBe('Less than a minute left');
    expect(describeRemaining(90 * 60_000)).toBe('About 1 hour 30 minutes left');
    expect(describeRemaining(120 * 60_000)).toBe('About 2 hours left');
    expect(describeRemaining(0)).toBe('Time is up');
  });

  it('says it in Spanish', async () => {
    await kioskI18n.activate('es');
    try {
      expect(describeRemaining(12 * 60_000)).toBe('Quedan unos 12 minutos');
      expect(describeRemaining(30_000)).toBe('Queda menos de un minuto');
      expect(describeRemaining(61 * 60_000)).toBe('Queda más o menos 1 hora y 1 minuto');
      expect(describeRemaining(120 * 60_000)).toBe('Quedan unas 2 horas');
    } finally {
      await kioskI18n.activate('en');
    }
  });
});
