import type { Request } from 'express';

/*
 * How tRPC's HTTP adapter reads a request, for the handlers that serve some requests themselves
 * (subscriptions.ts, single-calls.ts) or judge them first (batch.ts): each must read the same
 * request the same way tRPC would, or it must leave it to tRPC.
 */

/** The procedure path(s) as tRPC reads them: the last path segment, URL-decoded; null when it cannot be decoded. */
export function procedurePath(req: Request): string | null {
  try {
    return decodeURIComponent(req.path.slice(req.path.lastIndexOf('/') + 1));
  } catch {
    return null;
  }
}

/** The query string's parameters, or null when there is no query string. */
export function queryParams(req: Request): URLSearchParams | null {
  const query = req.originalUrl.indexOf('?');
  return query === -1 ? null : new URLSearchParams(req.originalUrl.slice(query + 1));
}

/** Whether the content type is JSON (tRPC compares the media type, case-insensitively). */
export function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().split(';', 1)[0]!.trim() === 'application/json';
}

/** tRPC parses a GET with no content type, or JSON, as JSON; anything else it refuses in its own words. */
export function isJsonOrNone(contentType: string | undefined): boolean {
  return contentType === undefined || isJson(contentType);
}

/** Whether the client asks for tRPC's streamed (JSONL) answers, which only tRPC's adapter writes. */
export function asksForStream(req: Request): boolean {
  if (req.headers['trpc-accept'] !== undefined) return true;
  const accept = req.headers.accept;
  return accept !== undefined && accept.split(',').some((type) => type.trim() === 'application/jsonl');
}
