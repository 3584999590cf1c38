import { RATE_LIMITS, type ThrottleSummary, type unblockInput } from '@perch/shared';
import type { z } from 'zod';
import { asActor, type Acting } from '../audit/actor';
import { recordAudit } from '../audit/audit.service';
import { addressKey } from '../platform/address';
import { PerchError } from '../platform/errors';
import type { Context, Services } from '../context';
import { REDEEM_THROTTLE_KEYS } from '../kiosk/redeem';

interface Candidate {
  kind: ThrottleSummary['kind'];
  id: string | null;
  label: string;
  key: string;
  max: number;
}

/**
 * Every redemption throttle that could be refusing now: everyone, each enrolled tablet, and each
 * address that failed within the per-address window (read from the audit log, which records every
 * wrong code with its address; the limiter itself is never scanned).
 */
async function candidates(ctx: Services): Promise<Candidate[]> {
  const since = ctx.now() - RATE_LIMITS.redeemFailuresPerIp.windowMs;
  const failed = await ctx.db
    .selectFrom('audit_log')
    .select('ip')
    .distinct()
    .where('action', 'in', ['session.redeem_failed', 'tablet.enroll_failed'])
    .where('at', '>', since)
    .where('ip', 'is not', null)
    .execute();
  const addresses = [...new Set(failed.map((f) => addressKey(f.ip!)))];
  const tablets = await ctx.db.selectFrom('tablets').select(['id', 'name']).where('retired_at', 'is', null).execute();
  return [
    { kind: 'global', id: null, label: 'Everyone', key: REDEEM_THROTTLE_KEYS.global, max: ctx.config.REDEEM_FAILURES_GLOBAL_PER_MIN },
    ...tablets.map((t) => ({ kind: 'tablet' as const, id: t.id, label: t.name, key: REDEEM_THROTTLE_KEYS.tablet(t.id), max: RATE_LIMITS.redeemFailuresPerTablet.max })),
    ...addresses.map((a) => ({ kind: 'address' as const, id: a, label: a, key: REDEEM_THROTTLE_KEYS.address(a), max: ctx.config.REDEEM_FAILURES_PER_IP })),
  ];
}

/** The redemption throttles refusing codes right now: who, how many failures, how long is left. */
export async function listThrottles(ctx: Services): Promise<ThrottleSummary[]> {
  const found: ThrottleSummary[] = [];
  for (const c of await candidates(ctx)) {
    const { failures, retryAfterMs } = await ctx.limiter.failures(c.key);
    if (failures < c.max) continue;
    found.push({ kind: c.kind, id: c.id, label: c.label, failures, max: c.max, retryAfterSec: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
  }
  return found;
}

/** Clears one throttle before its window passes, audited with who did it and for whom. */
export async function unblock(ctx: Context & Acting, input: z.output<typeof unblockInput>): Promise<void> {
  let key: string;
  let label: string;
  if (input.kind === 'global') {
    key = REDEEM_THROTTLE_KEYS.global;
    label = 'Everyone';
  } else if (input.kind === 'tablet') {
    const tablet = input.id ? await ctx.db.selectFrom('tablets').select('name').where('id', '=', input.id).executeTakeFirst() : undefined;
    if (!tablet) throw new PerchError('NOT_FOUND', 'NOT_FOUND', 'That tablet was not found. It may have been retired.');
    key = REDEEM_THROTTLE_KEYS.tablet(input.id!);
    label = tablet.name;
  } else {
    if (!input.id) throw new PerchError('BAD_REQUEST', 'VALIDATION', 'Say which address to unblock.');
    const counted = addressKey(input.id);
    key = REDEEM_THROTTLE_KEYS.address(counted);
    label = counted;
  }
  await ctx.limiter.forgive(key);
  await recordAudit(ctx.db, ctx.now(), ctx.req, { ...asActor(ctx), action: 'throttle.unblock', detail: { kind: input.kind, who: label } });
}
