import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configWarnings, loadConfig, staticDirs } from './config';
import { createApp } from './http/app';
import { createServer, gracefulClose, listen } from './http/serve';
import { createServices } from './services';
import { ensureFirstAdmin } from './auth/admins';
import { setupLinkNotice } from './auth/setup';
import { startLifecycleSweeper } from './sessions/sweeper';
import { startRetentionSweeper } from './retention/sweeper';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  // A .env file in the working directory is read if present; real environment variables win.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  for (const warning of configWarnings(config)) console.warn(`[perch] Warning: ${warning}`);
  const services = await createServices(config);
  const setupLink = await ensureFirstAdmin(services);
  const app = createApp(services, { staticDirs: staticDirs(apiRoot) });

  const server = createServer(app, config);
  const drain = gracefulClose(server);
  const stopSweeper = startLifecycleSweeper(services);
  const stopRetention = startRetentionSweeper(services);

  try {
    await listen(server, config.PORT, config.HOST);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? `port ${config.PORT} is already in use (set PORT to another one)` : (err as Error).message;
    throw new Error(`[perch] cannot listen on ${config.HOST}:${config.PORT}: ${why}.`);
  }
  const tls = server instanceof https.Server;
  console.log(`[perch] listening on ${tls ? 'https' : 'http'}://${config.HOST}:${config.PORT}`);
  console.log(`[perch] admin: ${config.publicUrl}/admin/   kiosk: ${config.kioskUrl}`);
  console.log(`[perch] database: ${services.dialect}${config.REDIS_URL ? ', counters and events in Redis' : ''}`);
  // Last, so the link is what a person sees when Perch has started.
  if (setupLink) for (const line of setupLinkNotice(setupLink)) console.log(line);

  // SIGTERM/SIGINT: not ready at once (live streams told to reconnect elsewhere), new
  // connections taken for SHUTDOWN_DELAY_MS and until they stop coming, then none; requests in
  // flight finish within SHUTDOWN_GRACE_MS, then the pools close. A second signal closes what
  // is left without waiting.
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.log(`[perch] ${signal} again: closing the remaining connections now`);
      server.closeAllConnections();
      return;
    }
    const upTo = config.SHUTDOWN_DELAY_MS + config.SHUTDOWN_GRACE_MS;
    console.log(`[perch] ${signal}: finishing requests in flight (up to ${upTo} ms), then stopping`);
    services.shutdown.begin();
    stopSweeper();
    stopRetention();
    stopping = drain(config.SHUTDOWN_GRACE_MS, config.SHUTDOWN_DELAY_MS)
      .then(async (how) => {
        if (how === 'forced') console.warn(`[perch] requests still open after ${upTo} ms were closed`);
        await services.close();
        console.log('[perch] stopped');
        process.exit(0);
      })
      .catch((err: unknown) => {
        console.error('[perch] could not close cleanly:', err);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
