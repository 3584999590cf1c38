import { adminI18n, t } from '../i18n';
import { serverNow } from './server-clock';
import 'messages:time';

/** Remaining time in words for screen readers: "9 minutes", "45 seconds". */
export function describeRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  if (total >= 60) return t('time.minutes', { minutes: total >= 120 ? Math.ceil(total / 60) : 1 });
  return t('time.seconds', { seconds: total });
}

// Intl formatters in the language shown, made once per language.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTime(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${adminI18n.locale()}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(adminI18n.locale(), options)));
  return format;
}

export const formatTime = (iso: string) => dateTime({ hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
export const formatDateTime = (iso: string) => dateTime({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
export const formatDate = (iso: string) => dateTime({ dateStyle: 'medium' }).format(new Date(iso));
/** A count in the language shown (1,234 / 1.234). */
export const formatNumber = (n: number) => n.toLocaleString(adminI18n.locale());

const HOURS_12_MS = 12 * 60 * 60_000;
/** When something stops working: the time, with the day too when that is not today (cards printed ahead). */
export const formatDeadline = (iso: string, now = serverNow()) => (Date.parse(iso) - now > HOURS_12_MS ? formatDateTime(iso) : formatTime(iso));

/** "in 42 min", "3 min ago", "just now": for a table that refreshes every few seconds. */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  if (minutes < 1) return t(diff > 0 ? 'time.inUnderMinute' : 'time.justNow');
  const hours = Math.floor(minutes / 60);
  const span = minutes < 60 ? t('time.spanMinutes', { minutes }) : t('time.spanHours', { hours, minutes: minutes % 60 });
  return t(diff > 0 ? 'time.in' : 'time.ago', { span });
}

/**
 * `formatRelative` for something that has already happened ("just now", "3 min ago"). The screen's
 * clock ticks every few seconds and may trail the server's a little; neither makes it "in under a minute".
 */
export function formatAgo(iso: string, now: number): string {
  return formatRelative(iso, Math.max(now, Date.parse(iso)));
}
