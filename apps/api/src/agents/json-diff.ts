import { jsonPath } from '@perch/shared';

/** At most this many changes are kept in one audit entry; the count says how many there were. */
const MAX_CHANGES = 50;

export interface JsonChange {
  path: string;
  /** Absent on one side means the key was added or removed. */
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaves that differ between two JSON documents, by JSON path (`tools.x.limits[0].max`). */
export function jsonChanges(before: unknown, after: unknown): { list: JsonChange[]; count: number } {
  const list: JsonChange[] = [];
  let count = 0;
  const walk = (a: unknown, b: unknown, at: (string | number)[]) => {
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...at, key]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...at, i]);
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    count++;
    if (list.length < MAX_CHANGES) {
      list.push({ path: jsonPath(at) || '(whole policy)', ...(a === undefined ? {} : { from: a }), ...(b === undefined ? {} : { to: b }) });
    }
  };
  walk(before, after, []);
  return { list, count };
}
