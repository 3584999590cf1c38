import path from 'node:path';
import { z } from 'zod';
import { AUDIT_RETENTION_DAYS_DEFAULT, HTTP_SERVER, PERCH_SECRET_MIN, RATE_LIMITS, RESILIENCE, RETENTION_DAYS_DEFAULT } from '@perch/shared';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const ORIGINS_ERROR = 'ALLOWED_ORIGINS must be full origins separated by commas, such as https://perch.example.org,https://kiosk.example.org';
/** `https://a.example, http://b.example:8080` → its origins; anything with a path or no scheme is refused. */
const originList = optionalString.transform((value, ctx) => {
  const origins = (value ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean);
  const urls = origins.map((o) => (URL.canParse(o) ? new URL(o) : null));
  const isOrigin = (u: URL | null) => u && /^https?:$/.test(u.protocol) && u.href === `${u.origin}/`;
  if (!urls.every(isOrigin)) {
    ctx.addIssue({ code: 'custom', message: ORIGINS_ERROR });
    return z.NEVER;
  }
  return urls.map((u) => u!.origin);
});

/** Every setting Perch reads from its environment; `.env.example` lists the same names. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** `sqlite:<file>` (default under ./data/) or a `postgres://` URL. */
  DATABASE_URL: z.string().default('sqlite:./data/perch.sqlite'),
  /** When set, rate-limit counters and live events are shared through Redis (needed for several instances). */
  REDIS_URL: optionalString,
  /** Namespaces every Redis key and channel, so several deployments can share one Redis server. */
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[\w.:-]+$/, { error: 'REDIS_PREFIX may hold letters, digits, "_", ".", ":" and "-" only.' })
    .default('perch'),
  /**
   * How many instances share the global ceilings when Redis is unreachable: each then enforces
   * its share (the ceiling divided by this). Set it to the most instances you ever run.
   */
  PERCH_INSTANCES: positiveInt(1),
  /** The address people and tablets use to reach Perch; redeem links are built from it. */
  PUBLIC_URL: optionalString.pipe(z.url({ error: 'PUBLIC_URL must be a full URL such as https://perch.example.org' }).optional()),
  /**
   * Other addresses browsers reach this same Perch by (comma-separated origins). Together with
   * PUBLIC_URL they are the only origins and host names Perch answers to.
   */
  ALLOWED_ORIGINS: originList,
  /**
   * Where the kiosk app lives, when not at PUBLIC_URL/kiosk/: redeem links and QR codes open it. `pnpm dev`
   * sets it to the kiosk's Vite dev server (apps/api/dev.env).
   */
  KIOSK_URL: optionalString.pipe(
    z
      .url({ protocol: /^https?$/, error: 'KIOSK_URL must be a full http(s) URL such as http://localhost:5174/kiosk/' })
      .refine((u) => !u.includes('#') && !u.includes('?'), { error: 'KIOSK_URL must not carry a query or fragment.' })
      .optional(),
  ),
  /** Keys the hash of redemption codes. Required with PostgreSQL; on SQLite one is kept in ./data/. */
  PERCH_SECRET: optionalString.pipe(
    z.string().min(PERCH_SECRET_MIN, { error: `PERCH_SECRET must be at least ${PERCH_SECRET_MIN} characters.` }).optional(),
  ),
  /** A file holding the secret instead (a mounted secret), so it can live apart from the database. */
  PERCH_SECRET_FILE: optionalString,
  PERCH_ADMIN_EMAIL: optionalString,
  PERCH_ADMIN_PASSWORD: optionalString,
  /** Express `trust proxy`: false, true, a hop count, or a list of addresses/subnets of your proxies. */
  TRUST_PROXY: z.string().default('false'),
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
  RATE_LIMIT_SESSION_START_PER_MIN: positiveInt(RATE_LIMITS.sessionStart.max),
  RATE_LIMIT_CLASS_START_PER_MIN: positiveInt(RATE_LIMITS.classStart.max),
  REDEEM_FAILURES_PER_IP: positiveInt(RATE_LIMITS.redeemFailuresPerIp.max),
  REDEEM_FAILURES_GLOBAL_PER_MIN: positiveInt(RATE_LIMITS.redeemFailuresGlobal.max),
  /** Finished sessions older than this many days are purged. */
  RETENTION_DAYS: positiveInt(RETENTION_DAYS_DEFAULT),
  /** Audit entries older than this many days are purged; apart from RETENTION_DAYS, as audit records are often kept longer. */
  AUDIT_RETENTION_DAYS: positiveInt(AUDIT_RETENTION_DAYS_DEFAULT),
  /** A JSON agent policy file that pins the policy for /mcp (read at start-up; read-only on the Agents page). */
  PERCH_POLICY_FILE: optionalString,
  /** PostgreSQL: how long opening a connection may take before it fails (start-up, then each request). */
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(RESILIENCE.databaseConnectTimeoutMsDefault),
  /** PostgreSQL: the longest one SQL statement may run (`statement_timeout`). */
  DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(RESILIENCE.databaseStatementTimeoutMsDefault),
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before Perch closes them. */
  SHUTDOWN_GRACE_MS: positiveInt(RESILIENCE.shutdownGraceMsDefault),
  /**
   * On SIGTERM/SIGINT, keep accepting (with /readyz at 503) at least this long, so a load balancer
   * that polls /readyz stops sending before the port closes. Above its check interval; 0 without one.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** Idle keep-alive connections are closed after this; keep it above your proxy's upstream idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(HTTP_SERVER.keepAliveTimeoutMsDefault),
}).refine((c) => !(c.PERCH_SECRET && c.PERCH_SECRET_FILE), {
  path: ['PERCH_SECRET_FILE'],
  error: 'Set PERCH_SECRET or PERCH_SECRET_FILE, not both.',
});
export type Config = z.infer<typeof configSchema> & {
  publicUrl: string;
  /** The kiosk app's address, ending in `/`: KIOSK_URL, or PUBLIC_URL's `/kiosk/`. Redeem links append `#code=…`. */
  kioskUrl: string;
  trustProxy: boolean | number | string;
  /** The origins a browser request may come from: PUBLIC_URL's, its loopback aliases, ALLOWED_ORIGINS. */
  allowedOrigins: string[];
};

/** Parses the environment once at start-up; a bad value stops Perch with a readable list of what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    throw cannotStart(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '');
  const kioskUrl = (c.KIOSK_URL ?? `${publicUrl}/kiosk`).replace(/\/*$/, '/');
  const allowedOrigins = [...new Set([...withLoopbackAliases(new URL(publicUrl).origin), ...c.ALLOWED_ORIGINS])];
  // A kiosk on an origin Perch does not answer to could open the link but never redeem the code.
  const kioskOrigin = new URL(kioskUrl).origin;
  if (!allowedOrigins.includes(kioskOrigin)) {
    throw cannotStart([
      `KIOSK_URL: ${kioskOrigin} is neither PUBLIC_URL's origin nor in ALLOWED_ORIGINS, so a kiosk there could not reach Perch. Add it to ALLOWED_ORIGINS.`,
    ]);
  }
  return { ...c, publicUrl, kioskUrl, trustProxy: parseTrustProxy(c.TRUST_PROXY), allowedOrigins };
}

const cannotStart = (problems: string[]) =>
  new Error(`Perch cannot start; fix these settings:\n${problems.map((p) => `  ${p}`).join('\n')}`);

/** This machine's own names: a browser treats them as a secure context even over plain http. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** Whether a host name (as URL.hostname spells it) is this machine; DNS rebinding cannot produce one. */
export function isLoopbackHost(hostname: string): boolean {
  return LOCAL_HOSTS.includes(hostname) || hostname.endsWith('.localhost');
}

/**
 * `http://localhost:3000` is the same server as `http://127.0.0.1:3000` and `http://[::1]:3000`,
 * so a PUBLIC_URL on one loopback name admits the others on the same scheme and port (a
 * developer typing either works). Other ports stay foreign: another local app is another site.
 */
function withLoopbackAliases(origin: string): string[] {
  const url = new URL(origin);
  if (!LOCAL_HOSTS.includes(url.hostname)) return [origin];
  return LOCAL_HOSTS.map((host) => {
    const alias = new URL(origin);
    alias.hostname = host;
    return alias.origin;
  });
}

/**
 * Settings that start fine but will not work as people expect, said at start-up. Today one: session
 * cookies are Secure, so over plain http on a network address browsers drop them and no tablet
 * or admin stays signed in.
 */
export function configWarnings(config: Pick<Config, 'publicUrl'>): string[] {
  const url = new URL(config.publicUrl);
  const local = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !local) {
    return [
      `PUBLIC_URL is ${config.publicUrl}: browsers refuse Perch's Secure session cookies over plain http on a ` +
        'network address, so tablets cannot hold a session. Serve HTTPS (TLS_CERT_FILE/TLS_KEY_FILE or a ' +
        'reverse proxy; see the README).',
    ];
  }
  return [];
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Where the built admin SPA and kiosk PWA are, relative to this package. */
export function staticDirs(apiRoot: string) {
  return {
    admin: path.resolve(apiRoot, '../admin/dist'),
    kiosk: path.resolve(apiRoot, '../kiosk/dist'),
  };
}
