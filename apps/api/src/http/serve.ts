import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { HTTP_SERVER } from '@perch/shared';
import type { Config } from '../config';

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

/** How often, while draining, connections that have fallen idle are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * Graceful close, armed at start: call `drain(graceMs)` on SIGTERM. It stops accepting new
 * connections and lets requests in flight finish, for at most `graceMs`; then it closes what is
 * left. Node's server.close() keeps a keep-alive connection open after its last answer, so every
 * answer not yet sent says `Connection: close`, and connections that fall idle (after an event
 * stream ends, say) are closed as they do. Resolves with whether everything finished in time.
 */
export function gracefulClose(server: PerchServer) {
  const unsent = new Set<http.ServerResponse>();
  let draining = false;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    if (draining) {
      if (!res.headersSent) res.setHeader('Connection', 'close');
      return;
    }
    unsent.add(res);
    res.once('close', () => unsent.delete(res));
  });

  return function drain(graceMs: number): Promise<'drained' | 'forced'> {
    draining = true;
    for (const res of unsent) if (!res.headersSent) res.setHeader('Connection', 'close');
    unsent.clear();
    return new Promise((resolve) => {
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      const deadline = setTimeout(() => {
        clearInterval(sweep);
        server.closeAllConnections();
        resolve('forced');
      }, graceMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve('drained');
      });
    });
  };
}
