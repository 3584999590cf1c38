/** Database timestamps are epoch milliseconds; the API speaks ISO-8601 (no tRPC transformer). */
export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
