/**
 * The server's clock, as seen from this browser. Codes and sessions expire on the server's clock;
 * a laptop that runs a few minutes off would otherwise count down to the wrong moment (the kiosk
 * corrects the same way from `serverTime`).
 *
 * Every API answer carries an HTTP `Date` header: the server's time, cut to the whole second, read
 * at some instant between sending the request and receiving the answer. So each answer bounds the
 * offset (server minus local) from both sides:
 *   Date − receivedAt  <  offset  <  Date + 1 s − sentAt
 * Intersecting the bounds of successive answers narrows the estimate to well under a second within
 * a few requests, without a header or field of Perch's own. When a new answer contradicts the bounds
 * (a clock was changed), the estimate starts again from that answer.
 */
export interface OffsetBounds {
  low: number;
  high: number;
}

const SECOND_MS = 1000;

/** Narrows `bounds` with one answer; returns fresh bounds when the answer contradicts them. */
export function narrowOffset(bounds: OffsetBounds | null, dateHeader: string | null, sentAt: number, receivedAt: number): OffsetBounds | null {
  const server = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  if (Number.isNaN(server)) return bounds;
  const sample = { low: server - receivedAt, high: server + SECOND_MS - sentAt };
  if (!bounds) return sample;
  const low = Math.max(bounds.low, sample.low);
  const high = Math.min(bounds.high, sample.high);
  return low <= high ? { low, high } : sample;
}

let bounds: OffsetBounds | null = null;

/** How far the server's clock is ahead of this browser's, in ms (0 until the server has answered). */
export function serverOffsetMs(): number {
  return bounds ? Math.round((bounds.low + bounds.high) / 2) : 0;
}

/** Now, on the server's clock. */
export const serverNow = (): number => Date.now() + serverOffsetMs();

/** `fetch` for the API links: learns the server's clock from every answer. */
export const clockedFetch: typeof fetch = async (input, init) => {
  const sentAt = Date.now();
  const response = await fetch(input, init);
  bounds = narrowOffset(bounds, response.headers.get('date'), sentAt, Date.now());
  return response;
};
