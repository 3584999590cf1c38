const DAY_MS = 86_400_000;
/** Two digits for 0–59: hours, minutes and seconds. */
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'));
/** The UTC day (days since the epoch) whose "YYYY-MM-DDT" `dayPrefix` holds. */
let prefixDay = NaN;
let dayPrefix = '';

/**
 * Database timestamps are epoch milliseconds; the API speaks ISO-8601 (no tRPC transformer), exactly
 * as Date#toISOString writes it. Every kiosk.me answer carries three, and V8 writes toISOString in
 * C++ through snprintf, which a profile of kiosk.me showed among its largest costs. So the date is
 * written by toISOString once per day and the time of day here; anything unusual (a fraction of a
 * millisecond, a year outside 0–9999, not a time at all) is toISOString's to write, or to refuse.
 */
export function iso(ms: number): string {
  if (!Number.isInteger(ms)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== prefixDay) {
    const written = new Date(ms).toISOString();
    // 24 characters: YYYY-MM-DDTHH:mm:ss.sssZ (other years are written ±YYYYYY).
    if (written.length === 24) {
      prefixDay = day;
      dayPrefix = written.slice(0, 11);
    }
    return written;
  }
  const sinceMidnight = ms - day * DAY_MS;
  const millis = sinceMidnight % 1000;
  const seconds = (sinceMidnight - millis) / 1000;
  const millisText = millis < 10 ? `00${millis}` : millis < 100 ? `0${millis}` : `${millis}`;
  return `${dayPrefix}${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}.${millisText}Z`;
}
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * True if `promise` fulfilled within `ms`; false if it failed or took longer (it is then left to
 * settle on its own). For waits that must stay bounded: a health check, a publish to Redis.
 */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
