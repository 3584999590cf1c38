import { TRPC_BATCH_MAX, UNBATCHED_PROCEDURES } from '@perch/shared';
import type { RequestCheck } from './front';
import { Refusal } from './security';
import { procedurePath, queryParams } from './trpc-request';

const UNBATCHED: readonly string[] = UNBATCHED_PROCEDURES;

/**
 * Bounds what one request may ask for, before any procedure runs. A tRPC batch
 * (`/trpc/a,b,c?batch=1`) runs every call it names, so without a cap one small request could
 * carry a thousand sign-in attempts or a thousand audit pages. A batch larger than
 * TRPC_BATCH_MAX, or one that carries a procedure of UNBATCHED_PROCEDURES (sign-in, the lists)
 * beside other calls, is refused whole with 400. The paths are read as tRPC reads them (the last
 * path segment, URL-decoded, split on commas).
 */
export function limitBatches(): RequestCheck {
  return (req, _res, next) => {
    if (queryParams(req)?.get('batch') !== '1') return next();
    const path = procedurePath(req);
    if (path === null) return next(); // tRPC answers a malformed path itself
    const paths = path.split(',');
    if (paths.length > TRPC_BATCH_MAX) {
      const message = `One request can carry at most ${TRPC_BATCH_MAX} calls; this one carried ${paths.length}.`;
      return next(new Refusal(400, 'BAD_REQUEST', 'BATCH_REFUSED', message));
    }
    const alone = paths.length > 1 ? paths.find((path) => UNBATCHED.includes(path)) : undefined;
    if (alone) {
      return next(new Refusal(400, 'BAD_REQUEST', 'BATCH_REFUSED', `“${alone}” must be sent on its own, not in a batch with other calls.`));
    }
    next();
  };
}
