import { tick } from '../sessions/test-fixtures';

export interface Received<T> {
  item: T;
  at: number;
}

/** Reads a subscription in the background, noting when each item arrived. */
export function follow<T>(iterable: AsyncIterable<T>) {
  const received: Received<T>[] = [];
  const iterator = iterable[Symbol.asyncIterator]();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const next = await iterator.next();
      if (next.done) return;
      received.push({ item: next.value, at: Date.now() });
    }
  })();
  return {
    received,
    done,
    /** Resolves with the first item matching `match`, failing after `timeoutMs`. */
    async waitFor(match: (item: T) => boolean, timeoutMs = 3_000): Promise<Received<T>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = received.find((r) => match(r.item));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms: ${JSON.stringify(received)}`);
        await tick(5);
      }
    },
    stop: () => {
      stopped = true;
    },
  };
}
