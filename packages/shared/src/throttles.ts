import { z } from 'zod';

/** What a redemption throttle counts: one client address (an IPv6 /64), one enrolled tablet, or everyone. */
export const THROTTLE_KINDS = ['address', 'tablet', 'global'] as const;
export const throttleKind = z.enum(THROTTLE_KINDS, { error: 'Choose an address, a tablet or everyone.' });

/** A redemption throttle that is refusing codes right now. */
export const throttleSummary = z.object({
  kind: throttleKind,
  /** The address (as counted: IPv4, or an IPv6 /64), the tablet's id, or null for everyone. */
  id: z.string().nullable(),
  /** What a person reads: the address, the tablet's name, or "Everyone". */
  label: z.string(),
  failures: z.number(),
  max: z.number(),
  retryAfterSec: z.number(),
});
export type ThrottleSummary = z.infer<typeof throttleSummary>;

export const unblockInput = z.object({
  kind: throttleKind,
  id: z
    .string()
    .max(64, { error: 'That address or tablet is not valid.' })
    .regex(/^[0-9a-fA-F.:/-]+$/, { error: 'That address or tablet is not valid.' })
    .nullable(),
});
