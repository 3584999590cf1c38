import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { ADMIN_COOKIE } from '@perch/shared';
import { loadConfig, type Config } from '../config';
import { createApp } from '../http/app';
import { createCallerFactory } from '../trpc';
import type { Context, Services } from '../context';
import { appRouter } from '../router';
import { createServices, type ServicesHandle } from '../services';
import { createAdmin } from '../auth/admins';

/** Every database Perch supports; integration suites loop over these, as Kysely's own tests do. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

export const TEST_PG_URL = process.env.PERCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.PERCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestServices extends ServicesHandle {
  /** Moves this instance's clock forward (real time keeps flowing too). */
  advance(ms: number): void;
  /** Names this suite's PostgreSQL schema and Redis key prefix. */
  testId: string;
}

export interface TestServicesOptions {
  /**
   * Another API instance of the same deployment: the same database (PostgreSQL schema or SQLite
   * file) and Redis prefix. Only the first instance's close() drops the database.
   */
  shareWith?: TestServices;
}

/**
 * A fresh, migrated database for one suite: a new SQLite file, or a new PostgreSQL schema in the
 * `test` database. Nothing is shared between suites, so they can run in parallel.
 */
export async function createTestServices(
  dialect: TestDialect,
  env: Record<string, string> = {},
  options: TestServicesOptions = {},
): Promise<TestServices> {
  const shared = options.shareWith;
  const id = shared?.testId ?? `perch_t_${crypto.randomBytes(6).toString('hex')}`;
  let cleanup = async () => {};
  let databaseUrl: string;
  if (shared) {
    databaseUrl = shared.config.DATABASE_URL;
  } else if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-test-'));
    databaseUrl = `sqlite:${path.join(dir, 'perch.sqlite')}`;
    cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
  } else {
    databaseUrl = TEST_PG_URL;
  }
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    PERCH_SECRET: TEST_SECRET,
    PUBLIC_URL: 'http://localhost:3000',
    ...env,
  });
  let offset = 0;
  const now = () => Date.now() + offset;
  const services = await createServices(config, { ...(dialect === 'postgres' ? { schema: id } : {}), now, keyPrefix: id });
  return {
    ...services,
    testId: id,
    advance: (ms) => {
      offset += ms;
    },
    close: async () => {
      if (dialect === 'postgres' && !shared) await sql`drop schema if exists ${sql.id(id)} cascade`.execute(services.db);
      await services.close();
      await cleanup();
    },
  };
}

const createCaller = createCallerFactory(appRouter);

export interface FakeClient {
  caller: ReturnType<typeof createCaller>;
  /** Cookies as the browser would hold them after each call. */
  cookies: Record<string, string | undefined>;
  /** Response headers the procedures set (e.g. Retry-After). */
  headers: Record<string, string>;
  /** Cookie options as last set, by name. */
  cookieOptions: Record<string, { maxAgeMs: number }>;
}

/** A server-side caller with its own cookie jar, for testing logic without HTTP. */
export function fakeClient(
  services: Services,
  /** `signal` aborts the caller's subscriptions, as a browser closing its event stream would. */
  opts: { ip?: string; userAgent?: string; acceptLanguage?: string; signal?: AbortSignal } = {},
): FakeClient {
  const cookies: Record<string, string | undefined> = {};
  const headers: Record<string, string> = {};
  const cookieOptions: Record<string, { maxAgeMs: number }> = {};
  const ctx: Context = {
    ...services,
    req: {
      ip: opts.ip ?? '203.0.113.10',
      userAgent: opts.userAgent ?? 'Mozilla/5.0 (vitest)',
      acceptLanguage: opts.acceptLanguage ?? 'en-GB,en;q=0.9',
      cookies,
    },
    res: {
      setCookie: (name, value, options) => {
        cookies[name] = value;
        cookieOptions[name] = options;
      },
      clearCookie: (name) => {
        delete cookies[name];
      },
      setHeader: (name, value) => {
        headers[name.toLowerCase()] = value;
      },
    },
  };
  return { caller: createCaller(ctx, opts.signal ? { signal: opts.signal } : {}), cookies, headers, cookieOptions };
}

export const TEST_ADMIN = { email: 'teacher@example.org', password: 'correct horse battery' };

/** Creates the test admin (once per services) and returns a caller signed in as them. */
export async function signedInAdmin(services: Services, admin = TEST_ADMIN, opts: { ip?: string } = {}) {
  const exists = await services.db.selectFrom('admins').select('id').where('email', '=', admin.email).executeTakeFirst();
  if (!exists) await createAdmin(services, admin);
  const client = fakeClient(services, opts);
  await client.caller.auth.login(admin);
  return client;
}

/**
 * Listens on a free loopback port; for tests where HTTP itself (cookies, headers) is the point.
 * Its own address counts as one of Perch's origins, as ALLOWED_ORIGINS would make it in production.
 */
export async function startTestServer(services: Services, options: Parameters<typeof createApp>[1] = {}) {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = { ...services.config, allowedOrigins: [...services.config.allowedOrigins, url] };
  server.on('request', createApp({ ...services, config }, options));
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A test server over fresh services with the test admin signed in: what the HTTP suites share. */
export async function startServerWithAdmin(dialect: TestDialect, options: Parameters<typeof createApp>[1] = {}) {
  const services = await createTestServices(dialect);
  const server = await startTestServer(services, options);
  const admin = await signedInAdmin(services);
  return {
    services,
    url: server.url,
    /** The admin's cookie, as a `cookie` request header. */
    cookie: `${ADMIN_COOKIE}=${admin.cookies[ADMIN_COOKIE]}`,
    close: async () => {
      await server.close();
      await services.close();
    },
  };
}

export interface TrpcResponse<T = unknown> {
  status: number;
  body: { result?: { data: T }; error?: { message: string; data: { code: string; reason?: string | null } } };
  headers: Headers;
  setCookies: string[];
}

/** Calls one procedure over real HTTP, as a tablet or curl would (no batching, no transformer). */
export async function trpcHttp<T = unknown>(
  baseUrl: string,
  kind: 'query' | 'mutation',
  procedure: string,
  input?: unknown,
  headers: Record<string, string> = {},
): Promise<TrpcResponse<T>> {
  const url = new URL(`/trpc/${procedure}`, baseUrl);
  if (kind === 'query' && input !== undefined) url.searchParams.set('input', JSON.stringify(input));
  const res = await fetch(url, {
    method: kind === 'query' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(kind === 'mutation' ? { body: JSON.stringify(input ?? null) } : {}),
  });
  return { status: res.status, body: (await res.json()) as TrpcResponse<T>['body'], headers: res.headers, setCookies: res.headers.getSetCookie() };
}
