export interface SseMessage {
  /** `message` unless the server named it (`connected`, `ping`, `serialized-error`, `return`). */
  event: string;
  data: string;
}

/**
 * Opens a tRPC subscription over SSE as a browser's EventSource would, and reads its messages as
 * they come. `next()` resolves with the next message, or null once the server has closed the
 * stream cleanly; a reset or abort rejects.
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers } });
  if (res.status !== 200 || !res.body) throw new Error(`the subscription answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
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
        const { value, done } = await reader.read();
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
    close: () => reader.cancel(),
  };
}
