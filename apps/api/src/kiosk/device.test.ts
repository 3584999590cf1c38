import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeDevice, deviceHash } from './device';

describe('deviceHash', () => {
  const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

  it('gives each device its own hash (same User-Agent, other language included), asked once or again, past the number it remembers', () => {
    const devices = Array.from({ length: 2500 }, (_, i) => ({ userAgent: `tablet ${i % 1700}`, acceptLanguage: i < 1700 ? null : 'en' }));
    for (const device of [...devices, ...devices.reverse()]) {
      expect(deviceHash(device)).toBe(sha256(`${device.userAgent}\n${device.acceptLanguage ?? ''}`));
    }
  });
});

describe('describeDevice', () => {
  it.each([
    [
      'Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-T220) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Safari/537.36',
      'Samsung Internet on Android',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPad',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      'Edge on Windows',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome on ChromeOS',
    ],
    ['curl/8.5.0', 'Unknown device'],
  ])('%s → %s', (ua, expected) => {
    expect(describeDevice(ua)).toBe(expected);
  });

  it('says nothing when there is no user agent', () => {
    expect(describeDevice(null)).toBeNull();
    expect(describeDevice('')).toBeNull();
  });
});
