import type { Page } from 'playwright-core';

/** Everything a page's scripts can read back later: cookies, Web Storage, IndexedDB, Cache Storage. */
export interface StorageDump {
  documentCookie: string;
  localStorage: Record<string, string>;
  sessionStorage: Record<string, string>;
  indexedDb: { name: string; stores: Record<string, unknown[]> }[];
  caches: { name: string; entries: { url: string; body: string }[] }[];
}

/** Reads every store in the page, every IndexedDB database and every cache entry (URL and body). */
export function dumpBrowserStorage(page: Page): Promise<StorageDump> {
  return page.evaluate(async () => {
    const webStorage = (store: Storage) =>
      Object.fromEntries(Array.from({ length: store.length }, (_, i) => store.key(i)!).map((k) => [k, store.getItem(k) ?? '']));
    const request = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });

    const indexedDb: { name: string; stores: Record<string, unknown[]> }[] = [];
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await request(indexedDB.open(info.name));
      const stores: Record<string, unknown[]> = {};
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        stores[storeName] = [...(await request(store.getAllKeys())), ...(await request(store.getAll()))];
      }
      db.close();
      indexedDb.push({ name: info.name, stores });
    }

    const cacheDump: { name: string; entries: { url: string; body: string }[] }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      const entries: { url: string; body: string }[] = [];
      for (const req of await cache.keys()) {
        const res = await cache.match(req);
        entries.push({ url: req.url, body: res ? await res.text() : '' });
      }
      cacheDump.push({ name, entries });
    }

    return {
      documentCookie: document.cookie,
      localStorage: webStorage(localStorage),
      sessionStorage: webStorage(sessionStorage),
      indexedDb,
      caches: cacheDump,
    };
  });
}

/** Waits until a service worker is active and controls the page (the app shell is then precached). */
export function waitForServiceWorker(page: Page): Promise<string | undefined> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    const active = registration.active;
    if (active && active.state !== 'activated') {
      await new Promise((resolve) => active.addEventListener('statechange', () => active.state === 'activated' && resolve(null)));
    }
    return active?.state;
  });
}
