import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_COOKIE, KIOSK_COOKIE, RESILIENCE } from '@perch/shared';
import { trpcHttp } from '../test/harness';
import { createScratchDatabase, type ScratchDatabase } from '../test/pg-database';
import { startPerchServer, type PerchProcess } from '../test/e2e';
import { tick } from '../sessions/test-fixtures';

const cookieOf = (setCookies: string[], name: string) => setCookies.find((c) => c.startsWith(`${name}=`))!.split(';')[0]!;

interface Outcome {
  status: number;
  reason?: string;
  retryAfter?: string | null;
  error?: string;
}

/**
 * A PostgreSQL restart or failover as Perch sees it: every one of its connections killed with
 * pg_terminate_backend while it serves a steady load, a few times over. Perch runs as a child
 * process on a database of its own; its connections carry an application_name of their own, so
 * nothing else on the shared server is touched, and the server itself stays up.
 */
describe('PostgreSQL connections killed under load (server as a child process)', () => {
  let database: ScratchDatabase;
  let perch: PerchProcess;
  let adminCookie: string;
  const kioskCookies: string[] = [];
  const learnerIds: string[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase();
    perch = await startPerchServer({ DATABASE_URL: database.url, RATE_LIMIT_SESSION_START_PER_MIN: '100000' });
    adminCookie = cookieOf((await trpcHttp(perch.url, 'mutation', 'auth.login', perch.admin)).setCookies, ADMIN_COOKIE);
    for (let i = 0; i < 8; i++) {
      const res = await trpcHttp<{ id: string }>(perch.url, 'mutation', 'learners.create', { name: `Learner ${i}`, consent: true }, { cookie: adminCookie });
      learnerIds.push(res.body.result!.data.id);
    }
    const bulk = await trpcHttp<{ sessions: { redemptionCode: string }[] }>(perch.url, 'mutation', 'sessions.startBulk', { learnerIds }, { cookie: adminCookie });
    for (const { redemptionCode } of bulk.body.result!.data.sessions) {
      kioskCookies.push(cookieOf((await trpcHttp(perch.url, 'mutation', 'kiosk.redeem', { code: redemptionCode })).setCookies, KIOSK_COOKIE));
    }
  });
  afterAll(async () => {
    await perch?.stop();
    await database?.drop();
  });

  async function call(i: number): Promise<Outcome> {
    const kiosk = kioskCookies[i % kioskCookies.length]!;
    const learnerId = learnerIds[i % learnerIds.length]!;
    const requests = [
      () => fetch(`${perch.url}/trpc/kiosk.me`, { headers: { cookie: kiosk } }),
      () => fetch(`${perch.url}/trpc/sessions.list`, { headers: { cookie: adminCookie } }),
      () =>
        fetch(`${perch.url}/trpc/sessions.start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: adminCookie },
          // "keep": the same eight learners over and over; the one-session rule is not under test here.
          body: JSON.stringify({ learnerId, onExisting: 'keep' }),
        }),
    ];
    try {
      const res = await requests[i % requests.length]!();
      const body = (await res.json()) as { error?: { data?: { reason?: string } } };
      return { status: res.status, reason: body.error?.data?.reason, retryAfter: res.headers.get('retry-after') };
    } catch (err) {
      return { status: 0, error: `${(err as Error).message}: ${String(((err as Error).cause as Error)?.message ?? '')}` };
    }
  }

  /** Kills every connection Perch holds; returns how many there were. */
  async function killPerchConnections(): Promise<number> {
    const { rowCount } = await database.admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      database.name,
    ]);
    return rowCount ?? 0;
  }

  it('keeps answering, 200 or a clean 503 (never a 500 or a reset), and recovers by itself', async () => {
    const outcomes: Outcome[] = [];
    let loading = true;
    let n = 0;
    const workers = Array.from({ length: 12 }, async () => {
      while (loading) outcomes.push(await call(n++));
    });

    await tick(300);
    let killed = 0;
    for (let round = 0; round < 3; round++) {
      killed += await killPerchConnections();
      await tick(250);
    }
    // Recovery: within a generous bound, ready again and every kind of request succeeding.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ready = (await fetch(`${perch.url}/readyz`)).status === 200;
      const round = await Promise.all([0, 1, 2].map((i) => call(i)));
      if (ready && round.every((o) => o.status === 200)) break;
      if (Date.now() > deadline) throw new Error(`no recovery: ${JSON.stringify(round)}\n${perch.output()}`);
      await tick(100);
    }
    loading = false;
    await Promise.all(workers);

    expect(killed).toBeGreaterThan(0);
    const bad = outcomes.filter((o) => o.status !== 200 && !(o.status === 503 && o.reason === 'UNAVAILABLE'));
    expect(bad, JSON.stringify(bad.slice(0, 5))).toEqual([]);
    for (const o of outcomes.filter((x) => x.status === 503)) expect(o.retryAfter).toBe(String(RESILIENCE.unavailableRetryAfterSec));
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(outcomes.length / 2);
    // Alive: the same process answers, and it said what happened.
    expect((await fetch(`${perch.url}/healthz`)).status).toBe(200);
    expect(perch.output()).toContain('a PostgreSQL connection was lost');
    expect(perch.output()).not.toContain('Unhandled');
  });
});
