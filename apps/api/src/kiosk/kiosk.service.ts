import type { Selectable } from 'kysely';
import { LIVE_STATES } from '@perch/shared';
import type { SessionsTable } from '../db/schema';
import { hashToken } from '../platform/secrets';
import type { Services } from '../trpc';

export type SessionRow = Selectable<SessionsTable>;

/** The live session a kiosk cookie belongs to, or null when it is unknown, over or past its end. */
export async function findKioskSession(ctx: Services, token: string): Promise<SessionRow | null> {
  const row = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .where('state', 'in', [...LIVE_STATES])
    .where('expires_at', '>', ctx.now())
    .executeTakeFirst();
  return row ?? null;
}
