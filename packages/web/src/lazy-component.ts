import { createElement, lazy, type ComponentProps, type ComponentType } from 'react';

/**
 * A component loaded on first use, which `preload()` fetches ahead of that use: screens the first
 * screen does not need stay out of the first download. Once loaded it renders directly: React.lazy
 * alone would suspend on first render even when the module is already here, and React holds a
 * Suspense fallback on screen for a few hundred ms before revealing what replaced it.
 */
// `any` props, as React.lazy's own signature: a component's props are checked where it is used.
export function lazyComponent<C extends ComponentType<any>>(load: () => Promise<C>) {
  let loaded: C | null = null;
  const loadOnce = () => load().then((component) => (loaded = component));
  const Lazy = lazy(() => loadOnce().then((component) => ({ default: component })));
  function LazyComponent(props: ComponentProps<C>) {
    return createElement(loaded ?? Lazy, props);
  }
  return Object.assign(LazyComponent, { preload: () => void loadOnce().catch(() => {}) });
}
