import { z } from 'zod';
import { idSchema, isoDate } from './common';
import { redemptionCodeSchema } from './kiosk';
import { IDLE_LOCK_MIN, MINUTE_MS, SESSION_DURATION_MIN } from './constants';
import { durationMin, idleLockMin, sessionState, startBulkInput, startSessionInput } from './sessions';
import { existingSession } from './existing-session';
import { safeText } from './text';

const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * An enrolled tablet's cookie. `__Host-` pins it to this host, path `/`, Secure; HttpOnly and
 * SameSite=Strict like the others. Only its SHA-256 is stored.
 */
export const DEVICE_COOKIE = '__Host-perch_device';
/** An enrollment code is one-shot and lives this long, like a session's code. */
export const ENROLL_CODE_TTL_MS = 10 * MINUTE_MS;
/** The device cookie's Max-Age: the longest browsers keep a cookie (Chrome caps it at 400 days). */
export const DEVICE_COOKIE_MAX_AGE_MS = 400 * DAY_MS;
/** The device cookie's token is replaced on use at most this often. */
export const DEVICE_TOKEN_ROTATE_MS = DAY_MS;
/** After a rotation the previous token still opens the tablet this long (requests already in flight). */
export const DEVICE_TOKEN_GRACE_MS = MINUTE_MS;
/** An enrolled tablet's event stream notes it is still there this often. */
export const TABLET_HEARTBEAT_MS = 20_000;
/** A tablet not heard from for this long is offline, even if its stream never said goodbye. */
export const TABLET_ONLINE_WINDOW_MS = 45_000;
export const TABLET_NAME_MAX = 40;

export const tabletName = safeText({ error: 'Give the tablet a name.' })
  .min(1, { error: 'Give the tablet a name.' })
  .max(TABLET_NAME_MAX, { error: `A tablet’s name can be at most ${TABLET_NAME_MAX} characters.` });

export const tabletIdInput = z.object({ tabletId: idSchema });
export const renameTabletInput = z.object({ tabletId: idSchema, name: tabletName });

/** What "Add a tablet" shows: a one-shot code and the link (fragment-borne) that carries it. */
export const enrollmentOutput = z.object({
  code: z.string(),
  enrollUrl: z.string(),
  expiresAt: isoDate,
});
export type Enrollment = z.infer<typeof enrollmentOutput>;

export const enrollInput = z.object({ code: redemptionCodeSchema });

/** What a tablet may know of itself. */
export const tabletIdentity = z.object({ id: z.string(), name: z.string() });
export type TabletIdentity = z.infer<typeof tabletIdentity>;
/**
 * Who may redeem a code. `open`: any browser (codes live 10 minutes; per-address and global
 * throttles). `enrolled`: only enrolled tablets (throttled per tablet; class cards may live longer).
 */
export const REDEEM_MODES = ['open', 'enrolled'] as const;
export const redeemMode = z.enum(REDEEM_MODES, { error: 'Choose who may redeem: open or enrolled.' });
export type RedeemMode = z.infer<typeof redeemMode>;
export const redeemModeInput = z.object({ mode: redeemMode });
export const redeemModeOutput = z.object({ mode: redeemMode });
/**
 * How a tablet names its learner: the whole name (`false`, the default: what Perch always did) or
 * only the first word of it (`true`), for a screen other children can see. Applied by the API to
 * every answer a kiosk gets; guests keep their "Guest 10-13".
 */
export const firstNamesOnTablets = z.boolean({ error: 'Choose whether tablets show only first names (true or false).' });
export const kioskNamesInput = z.object({ firstNamesOnly: firstNamesOnTablets });
export const kioskNamesOutput = z.object({ firstNamesOnly: firstNamesOnTablets });
export type KioskNames = z.infer<typeof kioskNamesOutput>;
/** What any other browser is told in `enrolled` mode (the API's refusal and the kiosk's screen). */
export const NOT_ENROLLED_MESSAGE =
  'Only this school’s enrolled tablets can start a session. Ask a teacher to add this tablet on the Tablets page.';

export const kioskDeviceOutput = z.object({ tablet: tabletIdentity.nullable(), redeemMode: redeemMode });
export type KioskDevice = z.infer<typeof kioskDeviceOutput>;

/** One row of the admin's Tablets page. */
export const tabletSummary = z.object({
  id: z.string(),
  name: z.string(),
  online: z.boolean(),
  lastSeenAt: isoDate.nullable(),
  createdAt: isoDate,
  /** The session running on it now, if any. */
  currentSession: z
    .object({ sessionId: z.string(), learnerName: z.string(), state: sessionState, sessionExpiresAt: isoDate })
    .nullable(),
});
export type TabletSummary = z.infer<typeof tabletSummary>;

/**
 * What a tablet's own event stream says: who it is (again after a rename), that a session was sent
 * to it (it claims it with kiosk.claim), or that it was retired.
 */
export type KioskDeviceEvent =
  | { kind: 'tablet'; tablet: TabletIdentity }
  | { kind: 'session'; sessionId: string }
  | { kind: 'retired' };

/** A session sent to a tablet waits this long for the tablet to open it, then lapses like a code. */
export const SEND_TO_TABLET_TTL_MS = 60_000;

export const sendToTabletInput = z.object({
  learnerId: idSchema,
  tabletId: idSchema,
  durationMin: durationMin.default(SESSION_DURATION_MIN.default),
  idleLockMin: idleLockMin.default(IDLE_LOCK_MIN.default),
  onExisting: startSessionInput.shape.onExisting,
});
export type SendToTabletInput = z.input<typeof sendToTabletInput>;
export const sentToTabletOutput = z.object({ sessionId: z.string(), learnerName: z.string(), tabletId: z.string(), tabletName: z.string() });
export type SentToTablet = z.infer<typeof sentToTabletOutput>;

/** A class sent to free tablets: learners in the order given, tablets in enrollment order. */
export const sendClassToTabletsInput = z.object({
  learnerIds: startBulkInput.shape.learnerIds,
  durationMin: durationMin.default(SESSION_DURATION_MIN.default),
  idleLockMin: idleLockMin.default(IDLE_LOCK_MIN.default),
  label: startBulkInput.shape.label,
  onExisting: startBulkInput.shape.onExisting,
});
export const sendClassToTabletsOutput = z.object({
  batchId: z.string(),
  placed: z.array(sentToTabletOutput),
  /** Learners left over when there were fewer free tablets than learners, in order. */
  waiting: z.array(z.object({ learnerId: z.string(), learnerName: z.string() })),
  /** Learners left out because they already have a session (onExisting "skip"), with that session. */
  skipped: z.array(existingSession),
});
export type SendClassToTabletsOutput = z.infer<typeof sendClassToTabletsOutput>;

export const claimInput = z.object({ sessionId: idSchema });
