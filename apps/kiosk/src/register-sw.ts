import { registerSW } from 'virtual:pwa-register';

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

/** Registers the service worker that precaches the app shell (see vite.config.ts). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onNeedReload() {
      if (reloadHeld) reloadWanted = true;
      else window.location.reload();
    },
  });
}
