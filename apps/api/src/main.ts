import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configWarnings, loadConfig, staticDirs } from './config';
import { createApp } from './http/app';
import { createServices } from './services';
import { ensureFirstAdmin } from './auth/admins';
import { startLifecycleSweeper } from './sessions/sweeper';
import { startRetentionSweeper } from './retention/sweeper';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  // A .env file in the working directory is read if present; real environment variables win.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  for (const warning of configWarnings(config)) console.warn(`[perch] Warning: ${warning}`);
  const services = await createServices(config);
  await ensureFirstAdmin(services);
  const app = createApp(services, { staticDirs: staticDirs(apiRoot) });

  const tls = config.TLS_CERT_FILE && config.TLS_KEY_FILE;
  const server = tls
    ? https.createServer({ cert: fs.readFileSync(config.TLS_CERT_FILE!), key: fs.readFileSync(config.TLS_KEY_FILE!) }, app)
    : http.createServer(app);
  const stopSweeper = startLifecycleSweeper(services);
  const stopRetention = startRetentionSweeper(services);

  server.once('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${config.PORT} is already in use (set PORT to another one)` : err.message;
    console.error(`[perch] cannot listen on ${config.HOST}:${config.PORT}: ${why}.`);
    process.exit(1);
  });
  server.listen(config.PORT, config.HOST, () => {
    console.log(`[perch] listening on ${tls ? 'https' : 'http'}://${config.HOST}:${config.PORT}`);
    console.log(`[perch] admin: ${config.publicUrl}/admin/   kiosk: ${config.publicUrl}/kiosk/`);
    console.log(`[perch] database: ${services.dialect}${config.REDIS_URL ? ', counters and events in Redis' : ''}`);
  });

  const shutdown = (signal: string) => {
    console.log(`[perch] ${signal}: closing`);
    stopSweeper();
    stopRetention();
    server.close(() => void services.close().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
