import https from 'node:https';

export interface SseMessage {
  /** `message` unless the server named it (`connected`, `ping`, `serialized-error`, `return`). */
  event: string;
  data: string;
}

export type SseStream = Awaited<ReturnType<typeof openSse>>;

/**
 * Opens a tRPC subscription over SSE as a browser's EventSource would, and reads its messages as
 * they come. `next()` resolves with the next message, or null once the server has closed the
 * stream cleanly; a reset or abort rejects.
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  if (res.status !== 200 || !res.body) throw new Error(`the subscription answered ${res.status}: ${await res.text()}`);
  return sseReader(res.body);
}

/** The same over HTTPS with a certificate of the test's own (`ca`), e.g. through a TLS proxy. */
export function openSseWithCa(url: string, ca: Buffer, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`the subscription answered ${res.statusCode}`));
      resolve(sseReader(res, () => req.destroy()));
    });
    req.once('error', reject);
  });
}

function sseReader(chunks: AsyncIterable<Uint8Array>, onClose: () => void = () => {}) {
  const iterator = chunks[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(): Promise<SseMessage | null> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            block
              .split('\n')
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          if (!block.trim()) continue;
          return { event: field('event') || 'message', data: field('data') };
        }
        const { value, done } = await iterator.next();
        if (done) return null;
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** Reads until a message matches. */
    async until(match: (m: SseMessage) => boolean): Promise<SseMessage> {
      for (;;) {
        const m = await this.next();
        if (!m) throw new Error('the stream ended before the expected message');
        if (match(m)) return m;
      }
    },
    /** Stops reading and hangs up. */
    close: () => {
      void iterator.return?.();
      onClose();
    },
  };
}
