import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { HTTP_SERVER } from '@perch/shared';
import type { Config } from '../config';
import { acceptQueueLength } from './accept-queue';

export type PerchServer = http.Server | https.Server;

type ServerSettings = Pick<Config, 'HTTP_KEEP_ALIVE_TIMEOUT_MS' | 'TLS_CERT_FILE' | 'TLS_KEY_FILE'>;

/**
 * The HTTP(S) server, with timeouts suited to a reverse proxy in front: idle keep-alive
 * connections live longer than the proxy's own idle timeout (so Perch never closes one the proxy
 * is about to reuse, which the proxy would report as a 502), headers must arrive within that plus
 * a margin, and a whole request within HTTP_SERVER.requestTimeoutMs (slow-client protection).
 */
export function createServer(app: http.RequestListener, config: ServerSettings): PerchServer {
  const headersTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS + HTTP_SERVER.headersTimeoutMarginMs;
  const options = { headersTimeout, requestTimeout: Math.max(HTTP_SERVER.requestTimeoutMs, headersTimeout) };
  const server =
    config.TLS_CERT_FILE && config.TLS_KEY_FILE
      ? https.createServer({ ...options, cert: fs.readFileSync(config.TLS_CERT_FILE), key: fs.readFileSync(config.TLS_KEY_FILE) }, app)
      : http.createServer(options, app);
  server.keepAliveTimeout = config.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  return server;
}

/**
 * Listens with a deep accept queue: a burst of thousands of new connections (a class arriving, a
 * proxy reconnecting) waits in the kernel instead of being reset. The kernel caps it at
 * net.core.somaxconn.
 */
export function listen(server: PerchServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: HTTP_SERVER.listenBacklog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** How often, while draining, Perch looks whether new connections have stopped arriving. */
const QUIET_CHECK_MS = 50;

/**
 * Graceful close, armed at start: call `drain(graceMs, delayMs)` on SIGTERM. Every answer from
 * then on says `Connection: close` (Node then closes the connection after it), and one already
 * under way (an event stream) closes its connection once it is complete.
 *
 * Closing the listener resets every connection the kernel has already queued for Perch, and a
 * proxy keeps connecting until it notices /readyz or a refusal. So Perch first keeps accepting
 * and serving: for `delayMs` (a load balancer polling /readyz stops sending meanwhile), then until
 * no new connection has arrived for HTTP_SERVER.shutdownQuietMs and the kernel holds none waiting
 * (for at most half the grace). Then it stops accepting, gives the requests in flight the rest of
 * `graceMs`, and closes whatever is left. Idle connections are never swept meanwhile: a
 * connection accepted a moment ago looks idle until its request is read.
 * Resolves with whether everything finished in time.
 */
export function gracefulClose(server: PerchServer) {
  const inFlight = new Set<http.ServerResponse>();
  let draining = false;
  let lastConnectionAt = 0;
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
    else res.once('finish', () => res.socket?.destroySoon());
  };
  server.on('connection', () => {
    lastConnectionAt = Date.now();
  });
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) return closeAfter(res);
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  return async function drain(graceMs: number, delayMs = 0): Promise<'drained' | 'forced'> {
    const started = Date.now();
    draining = true;
    for (const res of inFlight) closeAfter(res);
    inFlight.clear();
    // Counted from the signal too: connections the kernel queued just before it are taken first.
    const quiet = () => Date.now() - Math.max(lastConnectionAt, started) >= HTTP_SERVER.shutdownQuietMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_CHECK_MS));
      // Decide in the check phase, right after a poll phase has accepted what the kernel queued.
      await new Promise((resolve) => setImmediate(resolve));
      const waited = Date.now() - started;
      if (waited >= delayMs + graceMs / 2) break;
      if (waited >= delayMs && quiet() && !acceptQueueLength(server)) break;
    }
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          server.closeAllConnections();
          resolve('forced');
        },
        Math.max(0, started + delayMs + graceMs - Date.now()),
      );
      server.close(() => {
        clearTimeout(timer);
        resolve('drained');
      });
    });
  };
}
