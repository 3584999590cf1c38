import crypto from 'node:crypto';
import type { RequestInfo } from '../context';

/**
 * What binds a kiosk cookie to the tablet that redeemed it (as the reference system does): a hash
 * of the User-Agent and Accept-Language, which every request from that tablet's browser repeats.
 * Not a secret and not proof of identity, but a cookie copied to another device no longer works.
 */
export function deviceHash(req: Pick<RequestInfo, 'userAgent' | 'acceptLanguage'>): string {
  const device = `${req.userAgent ?? ''}\n${req.acceptLanguage ?? ''}`;
  let hash = recentDeviceHashes.get(device);
  if (hash === undefined) {
    hash = crypto.hash('sha256', device, 'hex');
    if (recentDeviceHashes.size >= RECENT_DEVICES) recentDeviceHashes.delete(recentDeviceHashes.keys().next().value!);
    recentDeviceHashes.set(device, hash);
  }
  return hash;
}

/**
 * Device hashes already worked out, oldest first: every kiosk request needs its tablet's, and a
 * fleet's tablets mostly send the same two headers. Bounded, so headers made up per request only
 * push older ones out.
 */
const recentDeviceHashes = new Map<string, string>();
const RECENT_DEVICES = 1000;

/**
 * A short, human description of the tablet that redeemed a code ("Chrome on Android"), for the
 * admin's live table. Deliberately coarse: enough to tell tablets apart, no version fingerprint.
 */
export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = browserOf(userAgent);
  const platform = platformOf(userAgent);
  if (browser && platform) return `${browser} on ${platform}`;
  return browser ?? platform ?? 'Unknown device';
}

// Order matters: Edge, Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\b(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const PLATFORMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPad\b/, 'iPad'],
  [/\biPhone\b/, 'iPhone'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

function browserOf(ua: string): string | null {
  return BROWSERS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
}

function platformOf(ua: string): string | null {
  return PLATFORMS.find(([pattern]) => pattern.test(ua))?.[1] ?? null;
}
