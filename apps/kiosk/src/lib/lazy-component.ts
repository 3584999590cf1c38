import { lazy, type ComponentType } from 'react';

/**
 * A component loaded on first use (React.lazy, under a Suspense), which `preload()` fetches ahead of
 * that use: screens the first screen does not need stay out of the first download, yet are in
 * memory (and precached offline) before a learner reaches them.
 */
// `any` props, as React.lazy's own signature: a component's props are checked where it is used.
export function lazyComponent<C extends ComponentType<any>>(load: () => Promise<C>) {
  return Object.assign(
    lazy(() => load().then((component) => ({ default: component }))),
    { preload: () => void load().catch(() => {}) },
  );
}
