import { serverNow } from './server-clock';

/** Remaining time in words for screen readers: "9 minutes", "45 seconds". */
export function describeRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total >= 120) return `${Math.ceil(total / 60)} minutes`;
  if (total >= 60) return '1 minute';
  return `${total} second${total === 1 ? '' : 's'}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatTime = (iso: string) => timeFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));

const HOURS_12_MS = 12 * 60 * 60_000;
/** When something stops working: the time, with the day too when that is not today (cards printed ahead). */
export const formatDeadline = (iso: string, now = serverNow()) => (Date.parse(iso) - now > HOURS_12_MS ? formatDateTime(iso) : formatTime(iso));

/** "in 42 min", "3 min ago", "just now": for a table that refreshes every few seconds. */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes < 1) return diff > 0 ? 'in under a minute' : 'just now';
  const span = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return diff > 0 ? `in ${span}` : `${span} ago`;
}

/**
 * `formatRelative` for something that has already happened ("just now", "3 min ago"). The screen's
 * clock ticks every few seconds and may trail the server's a little; neither makes it "in under a minute".
 */
export function formatAgo(iso: string, now: number): string {
  return formatRelative(iso, Math.max(now, Date.parse(iso)));
}
