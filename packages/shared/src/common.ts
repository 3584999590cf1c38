import { z } from 'zod';

/** Every id is a UUID; a malformed one is a bad request, not a lookup. */
export const idSchema = z.uuid({ error: 'That id is not valid.' });
/** Timestamps cross the wire as ISO-8601 strings (no tRPC transformer). */
export const isoDate = z.string();
