let reloadHeld = false;
let reloadWanted = false;

/**
 * A new version of the app took over: reload to use it, but never in the middle of a redemption
 * (the code is only in memory by then). A session survives a reload through its cookie.
 */
export function holdUpdateReload(hold: boolean): void {
  reloadHeld = hold;
  if (!hold && reloadWanted) window.location.reload();
}

/**
 * Registers the service worker that precaches the app shell (see vite.config.ts) once the page has
 * loaded and the browser is idle: its precache downloads must not compete with the first screen's
 * redeem on a slow network, and its code need not be parsed before it.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = async () => {
    const { registerSW } = await import('virtual:pwa-register');
    registerSW({
      immediate: true,
      onNeedReload() {
        if (reloadHeld) reloadWanted = true;
        else window.location.reload();
      },
    });
  };
  const whenIdle = () => ('requestIdleCallback' in window ? requestIdleCallback(() => void register()) : setTimeout(() => void register()));
  if (document.readyState === 'complete') whenIdle();
  else window.addEventListener('load', whenIdle, { once: true });
}
