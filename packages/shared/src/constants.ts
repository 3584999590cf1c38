/** Named limits and timings shared by the API and both apps. Change them here, nowhere else. */

/** Redemption-code symbols: digits and capitals without the lookalikes 0/O, 1/I and L. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
/** Symbols in a code; shown as two groups of four (`XXXX-XXXX`). */
export const CODE_LENGTH = 8;
export const CODE_GROUP_SIZE = 4;
/** One minute in milliseconds: durations are chosen in minutes, clocks count milliseconds. */
export const MINUTE_MS = 60_000;
/** A code is one-shot and dies this long after it is minted. */
export const CODE_TTL_MS = 10 * 60_000;

/** Session length bounds, in minutes (the reference tool's `duration_min`). */
export const SESSION_DURATION_MIN = { min: 5, max: 240, default: 60 } as const;
/** Idle lock after this many minutes without interaction; 0 turns idle lock off. */
export const IDLE_LOCK_MIN = { min: 0, max: 240, default: 10 } as const;
/** Guest sessions (no learner record) are capped at this length. */
export const GUEST_SESSION_MAX_MIN = 30;
export const GUEST_AGE_BANDS = ['5-9', '10-13', '14+'] as const;
/** A class start covers at most this many learners. */
export const BULK_MAX_LEARNERS = 50;
/** After an admin ends a session it stays `ending` this long so the kiosk can wrap up. */
export const ENDING_GRACE_MS = 5_000;

export const LEARNER_NAME_MAX = 80;
export const LEARNER_AGE = { min: 3, max: 100 } as const;
export const LEARNER_NOTES_MAX = 500;
/**
 * Learners one `learners.createMany` call adds, at most: a class list or a club roster, and no
 * more than one page of `learners.list`, so the answer stays about a page in size.
 */
export const LEARNERS_ADD_MANY_MAX = 200;
export const BATCH_LABEL_MAX = 80;
export const FORCE_END_REASON = { min: 3, max: 500 } as const;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
export const ADMIN_NAME_MAX = 80;

/**
 * A first-run set-up link (`/admin/#setup=…`, printed at start-up while no admin exists) works
 * this long; each start prints a new one. Its token is SESSION_TOKEN_BYTES from the CSPRNG.
 */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60_000;

/** Keys the hash of redemption codes at rest; shorter secrets are refused at start-up. */
export const PERCH_SECRET_MIN = 32;

/**
 * Calls one HTTP request may carry in a tRPC batch. The clients' batch links use the same number,
 * so the apps never trip it; a bigger batch is refused whole, before any procedure runs.
 */
export const TRPC_BATCH_MAX = 10;
/**
 * Procedures that travel alone, one per request (a batch of just one is fine). Sign-in and
 * first-run set-up: a batch would try many passwords or set-up links in one request. The lists,
 * and adding many learners (which answers with up to a page of them): each answers up to a full
 * page, so alone no request carries more than one page (docs/SECURITY.md has the arithmetic).
 */
export const UNBATCHED_PROCEDURES = [
  'auth.login',
  'auth.createFirstAdmin',
  'audit.list',
  'learners.list',
  'learners.createMany',
  'sessions.list',
] as const;
/**
 * Request bodies larger than this many bytes are refused with 413. A long list of learners whose
 * notes are long too can pass it; the admin app measures before sending and asks for a split.
 */
export const REQUEST_BODY_MAX_BYTES = 100_000;
/** Page sizes of the list procedures. */
export const AUDIT_PAGE = { default: 50, max: 200 } as const;
/**
 * The audit log's CSV export: read from the database `pageRows` at a time (newest first, as the
 * page shows it) and streamed out, so memory stays flat; it stops after `maxRows` and says so in
 * its last line. Narrow the dates to export older entries.
 */
export const AUDIT_EXPORT = { pageRows: 500, maxRows: 50_000 } as const;
export const SESSIONS_LIST = { default: 200, max: 200 } as const;
export const LEARNERS_LIST = { default: 200, max: 200 } as const;

/** Session tokens are this many random bytes; only their SHA-256 is stored. */
export const SESSION_TOKEN_BYTES = 32;
/** Admin sign-in lasts this long without use. */
export const ADMIN_SESSION_TTL_MS = 12 * 60 * 60_000;

/** Cookie names. `__Host-` pins them to this host, path `/`, Secure. */
export const KIOSK_COOKIE = '__Host-perch_kiosk';
export const ADMIN_COOKIE = '__Host-perch_admin';

/** Default caps; the API reads overrides from its environment. */
export const RATE_LIMITS = {
  /**
   * Single session starts per admin (`sessions.start`, `startGuest`, and `reissueCode`, which mints
   * a new code): the reference policy for `maker_start_session`, 10 a minute.
   */
  sessionStart: { max: 10, windowMs: 60_000 },
  /** Class starts per admin: each counts once, whatever its size (at most BULK_MAX_LEARNERS). */
  classStart: { max: 3, windowMs: 60_000 },
  /** Failed redemptions per client address (an IPv6 client's /64). */
  redeemFailuresPerIp: { max: 10, windowMs: 10 * 60_000 },
  /** Failed redemptions across all clients: the hard ceiling on guesses (see docs/SECURITY.md). */
  redeemFailuresGlobal: { max: 60, windowMs: 60_000 },
  /**
   * Failed redemptions per enrolled tablet when only enrolled tablets may redeem: a tablet that
   * mistypes locks only itself, and only briefly. Neither the per-address cap nor the global
   * ceiling applies to it then (tablets behind one school address must not lock each other out).
   */
  redeemFailuresPerTablet: { max: 5, windowMs: 5 * 60_000 },
  /** Failed sign-ins for one account from one address: what a person mistyping meets first. */
  loginFailuresPerAccountAddress: { max: 5, windowMs: 15 * 60_000 },
  /** Failed sign-ins from one address, whatever the accounts. */
  loginFailuresPerIp: { max: 20, windowMs: 15 * 60_000 },
  /**
   * Failed sign-ins for one account from anywhere: NIST SP 800-63B's ceiling of 100, far above the
   * per-address caps, so a flood from a few other addresses cannot lock the account's admin out.
   */
  loginFailuresPerAccount: { max: 100, windowMs: 15 * 60_000 },
  /** Wrong or expired first-run set-up links per address (an IPv6 client's /64). */
  setupFailuresPerIp: { max: 10, windowMs: 15 * 60_000 },
  /** Wrong or expired first-run set-up links from anywhere. */
  setupFailuresGlobal: { max: 50, windowMs: 15 * 60_000 },
} as const;

/** How a failure throttle treats attempts in flight (see apps/api/src/platform/rate-limiter.ts). */
export const THROTTLE = {
  /** A lease on an attempt in flight lapses after this long, so a crashed instance cannot leak it. */
  leaseMs: 30_000,
  /** How long an attempt waits for attempts in flight to settle before it is refused as busy. */
  waitMaxMs: 10_000,
  /** First and longest pause between tries while waiting. */
  pollMinMs: 5,
  pollMaxMs: 50,
  /** The Retry-After of a busy refusal. */
  busyRetryAfterMs: 5_000,
} as const;

/** Each Redis command gets this long; past it, counters fall back to this instance's memory. */
export const REDIS_COMMAND_TIMEOUT_MS = 100;
/** Calls made while the first connection to Redis is still opening wait at most this long for it. */
export const REDIS_FIRST_CONNECT_WAIT_MS = 1_000;
/** While Redis is unreachable, it is tried again at most this often (a reconnect tries at once). */
export const REDIS_PROBE_INTERVAL_MS = 1_000;

/** Finished sessions are purged after this many days by default. */
export const RETENTION_DAYS_DEFAULT = 30;
/** Audit entries are purged after this many days by default: schools often must keep them for a school year. */
export const AUDIT_RETENTION_DAYS_DEFAULT = 365;
/** How often each API instance runs the retention sweep (also once at start-up). */
export const RETENTION_SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Staying up when things around Perch fail. Values the API can override from its environment
 * are defaults (`*_DEFAULT`); see the README's configuration table.
 */
export const RESILIENCE = {
  /** A PostgreSQL connection that has not opened by then fails (start-up says so; a request gets a 503). */
  databaseConnectTimeoutMsDefault: 5_000,
  /** PostgreSQL cancels a statement running longer than this (`statement_timeout`). */
  databaseStatementTimeoutMsDefault: 10_000,
  /** Beyond the statement timeout, how long the client waits for a silent server before giving up on it. */
  databaseQueryTimeoutMarginMs: 2_000,
  /** `/readyz` gives the database and Redis this long to answer. */
  readinessTimeoutMs: 2_000,
  /** A 503 asks the client to come back after this many seconds (Retry-After). */
  unavailableRetryAfterSec: 5,
  /** On SIGTERM, requests in flight have this long to finish before their connections are closed. */
  shutdownGraceMsDefault: 10_000,
  /** Publishing a live event waits at most this long for Redis, then delivers it on this instance only. */
  eventPublishTimeoutMs: 100,
  /** Redis reconnect attempts back off up to this interval, and never give up. */
  redisReconnectMaxDelayMs: 2_000,
  /**
   * The tablet that redeemed a code may redeem it again this soon afterwards, as long as its
   * cookie has never been presented: the answer with the cookie was lost (see docs/SECURITY.md).
   */
  redeemRecoveryMs: 60_000,
  /**
   * …but not sooner than this: a double tap sends two redeems within milliseconds, and a second
   * cookie racing the first could leave the browser holding the dead one. A retry after a lost
   * answer follows an error on screen, seconds later.
   */
  redeemRecoveryMinAgeMs: 1_000,
} as const;

/** The HTTP server, tuned to sit behind a reverse proxy (docs/DEPLOY.md). */
export const HTTP_SERVER = {
  /** Above common proxies' upstream idle timeouts (nginx, AWS ALB: 60 s), so Perch never closes first. */
  keepAliveTimeoutMsDefault: 65_000,
  /** Headers must arrive within the keep-alive timeout plus this. */
  headersTimeoutMarginMs: 1_000,
  /** The whole request (headers and body, at most 100 kB) must arrive within this. */
  requestTimeoutMs: 120_000,
  /** Pending connections the kernel queues before accepting (capped by net.core.somaxconn). */
  listenBacklog: 4_096,
  /**
   * On SIGTERM Perch keeps accepting (answering with Connection: close) until no new connection
   * has arrived for this long, and at most half of SHUTDOWN_GRACE_MS, before it closes the
   * listener: closing it resets every connection the kernel has queued but Perch not yet taken.
   */
  shutdownQuietMs: 250,
} as const;
