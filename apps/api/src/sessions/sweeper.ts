import type { Services } from '../trpc';

/** Periodically moves sessions whose time has come (placeholder until the lifecycle lands). */
export function startLifecycleSweeper(_services: Services): () => void {
  return () => {};
}
