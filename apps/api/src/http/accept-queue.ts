import fs from 'node:fs';
import type { Server } from 'node:net';

const LISTEN = '0A';

/**
 * How many connections the kernel has completed for this listening server that Perch has not
 * accepted yet (Linux: the rx_queue of the listening socket in /proc/net/tcp). Closing the
 * listener resets each of them, and a busy or CPU-starved process can leave hundreds queued for
 * a second or more. Null where the kernel does not say (not Linux, no /proc).
 */
export function acceptQueueLength(server: Server): number | null {
  const fd = (server as unknown as { _handle?: { fd?: number } })._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) return null;
  try {
    const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`))?.[1];
    if (!inode) return null;
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!fs.existsSync(table)) continue;
      for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields[9] === inode && fields[3] === LISTEN) return parseInt(fields[4]!.split(':')[1]!, 16);
      }
    }
  } catch {
    /* no /proc: unknown */
  }
  return null;
}
