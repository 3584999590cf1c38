import { Router } from 'express';
import { sql } from 'kysely';
import { RESILIENCE } from '@perch/shared';
import type { EventBusHealth } from '../platform/events';
import { within } from '../platform/time';
import type { Services } from '../context';

export interface Readiness {
  ready: boolean;
  /** `ok`, or why not: `unreachable` (an error or no answer within READINESS_TIMEOUT_MS). */
  database: 'ok' | 'unreachable';
  /** `not configured` without REDIS_URL; `degraded` when Redis is away (still ready, see below). */
  redis: 'ok' | 'degraded' | 'not configured';
  shuttingDown: boolean;
}

const REDIS_STATUS: Record<EventBusHealth, Readiness['redis']> = {
  local: 'not configured',
  shared: 'ok',
  degraded: 'degraded',
};

/**
 * Health checks for load balancers and orchestrators (docs/DEPLOY.md).
 *
 * - `/healthz` (liveness): the process is up and answering. It deliberately says nothing about the
 *   database, so a database outage never gets every instance restarted.
 * - `/readyz` (readiness): 200 when this instance can serve requests: the database answered a
 *   query within READINESS_TIMEOUT_MS and the instance is not shutting down; 503 otherwise.
 *   Redis being away is reported (`"redis": "degraded"`) but still ready: Perch keeps working
 *   without it (live events stay per instance, screens poll), and taking every instance out of
 *   rotation for it would turn a degraded service into an outage.
 */
export function healthRoutes(services: Services): Router {
  const routes = Router();
  routes.use(['/healthz', '/readyz'], (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  routes.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  routes.get('/readyz', async (_req, res) => {
    const readiness = await checkReadiness(services);
    res.status(readiness.ready ? 200 : 503).json(readiness);
  });
  return routes;
}

export async function checkReadiness(services: Services): Promise<Readiness> {
  const shuttingDown = services.shutdown.draining;
  const [database, events] = await Promise.all([databaseAnswers(services), services.events.health()]);
  return {
    ready: database && !shuttingDown,
    database: database ? 'ok' : 'unreachable',
    redis: REDIS_STATUS[events],
    shuttingDown,
  };
}

function databaseAnswers(services: Services): Promise<boolean> {
  return within(sql`select 1`.execute(services.db), RESILIENCE.readinessTimeoutMs);
}
