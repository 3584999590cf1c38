/** Database timestamps are epoch milliseconds; the API speaks ISO-8601 (no tRPC transformer). */
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

/**
 * True if `promise` fulfilled within `ms`; false if it failed or took longer (it is then left to
 * settle on its own). For waits that must stay bounded: a health check, a publish to Redis.
 */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
