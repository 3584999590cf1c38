import crypto from 'node:crypto';
import { freePort, startPerchServer, type PerchProcess } from './e2e';
import { createScratchDatabase } from './pg-database';
import { PROXIES, type ProxyProcess } from './proxies';
import { startOwnRedis } from './redis-server';

export interface Deployment {
  proxy: ProxyProcess;
  /** The two Perch instances behind the proxy; `restart(i)` replaces one in place. */
  instances: PerchProcess[];
  /** SIGTERM to instance `i`; resolves once it has exited. */
  stop(i: 0 | 1): Promise<number | null>;
  /** Starts instance `i` again on its port. */
  start(i: 0 | 1): Promise<void>;
  close(): Promise<void>;
}

/**
 * A small production, as docs/DEPLOY.md describes it: two Perch instances (child processes of the
 * built server) on one scratch PostgreSQL database and one Redis (a redis-server of the test's
 * own), behind `proxy` configured with the page's block, with the settings the page gives them.
 */
export async function startDeployment(proxy: keyof typeof PROXIES, env: Record<string, string> = {}): Promise<Deployment> {
  const kind = PROXIES[proxy];
  const database = await createScratchDatabase();
  const redis = await startOwnRedis();
  const ports: [number, number] = [await freePort(), await freePort()];
  const proxyPort = await freePort();
  const instanceEnv = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    PERCH_SECRET: crypto.randomBytes(24).toString('hex'),
    PUBLIC_URL: kind.url(proxyPort),
    TRUST_PROXY: 'loopback',
    ...kind.instanceEnv,
    ...env,
  };
  const instances: PerchProcess[] = [];
  const start = async (i: 0 | 1) => {
    instances[i] = await startPerchServer(instanceEnv, { port: ports[i] });
  };
  // One at a time: both would otherwise race to create the first admin.
  await start(0);
  await start(1);
  const running = await kind.start(ports, proxyPort);
  return {
    proxy: running,
    instances,
    start,
    stop: async (i) => {
      instances[i]!.kill('SIGTERM');
      return instances[i]!.exited;
    },
    close: async () => {
      await running.stop();
      await Promise.all(instances.map((p) => p.stop()));
      await redis.stop();
      await database.drop();
    },
  };
}
