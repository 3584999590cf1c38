import { compiledCatalogs } from '@perch/web/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const THEME = '#0b5d5e';
// In `pnpm dev` the API runs on $PORT (3000 by default; turbo passes PORT through); tRPC is proxied to it.
const API = `http://localhost:${process.env.PORT || 3000}`;
const LAUNCH_ENTRY = 'src/launch/launch.ts';

/**
 * Builds src/launch/launch.ts as its own small entry and puts its script ahead of the app's in
 * index.html: it starts the redeem (or the session check) while the browser still downloads and
 * parses React. Vite would merge a second <script> of index.html into the app's bundle, so the tag is
 * added after the build (in dev, the app's own import of the module begins the launch instead).
 */
function launchFirst(): Plugin {
  return {
    name: 'perch-launch-first',
    apply: 'build',
    config: () => ({ build: { rollupOptions: { input: { index: 'index.html', launch: LAUNCH_ENTRY } } } }),
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        const chunk = Object.values(bundle ?? {}).find((c) => c.type === 'chunk' && c.isEntry && c.name === 'launch');
        if (!chunk) throw new Error(`${LAUNCH_ENTRY} was not built as an entry`);
        const tag = `<script type="module" crossorigin src="/kiosk/${chunk.fileName}"></script>`;
        return html.replace('<script type="module"', `${tag}\n    <script type="module"`);
      },
    },
  };
}

const SESSION_SCREEN_FILES = 'virtual:session-screen-files';
const SESSION_SCREEN = '/src/components/SessionView.tsx';
const FILES_PLACEHOLDER = '__PERCH_SESSION_SCREEN_FILES__';

/**
 * `import files from 'virtual:session-screen-files'`: the session screen's chunk and the chunks it
 * imports, as the build names them, for the launch script to preload beside the app's bundle when a
 * redeem link opens the kiosk. An import() there would do the same but carry Vite's preload helper
 * (its list of files, its CSS loading) in the launch script, which every first load downloads; the
 * app's bundle has its own. In dev the list is empty: the app's own import fetches the screen.
 */
function sessionScreenFiles(): Plugin {
  let build = false;
  return {
    name: 'perch-session-screen-files',
    configResolved: (config) => void (build = config.command === 'build'),
    resolveId: (id) => (id === SESSION_SCREEN_FILES ? `\0${SESSION_SCREEN_FILES}` : null),
    load: (id) => (id === `\0${SESSION_SCREEN_FILES}` ? `export default ${build ? JSON.stringify(FILES_PLACEHOLDER) : '[]'};` : null),
    // Before hashing: rolldown swaps the names' hash placeholders, and the launch's hash follows them.
    renderChunk(code, _chunk, _options, { chunks }) {
      if (!code.includes(FILES_PLACEHOLDER)) return null;
      const screen = Object.values(chunks).find((c) => c.facadeModuleId?.endsWith(SESSION_SCREEN));
      if (!screen) throw new Error(`${SESSION_SCREEN} was not built as a chunk of its own`);
      const files = new Set<string>();
      // Entries (the app's bundle, the launch script) load anyway.
      const add = (fileName: string) => {
        const chunk = chunks[fileName];
        if (!chunk || chunk.isEntry || files.has(fileName)) return;
        files.add(fileName);
        chunk.imports.forEach(add);
      };
      add(screen.fileName);
      const hrefs = [...files].map((file) => `/kiosk/${file}`);
      return { code: code.replace(JSON.stringify(FILES_PLACEHOLDER), JSON.stringify(hrefs)), map: null };
    },
  };
}

/**
 * jsQR ships one UMD file, which the bundler reads as CommonJS: the camera's chunk then needs the
 * bundler's CommonJS helpers, and as React's entry needs them too they went to a chunk of their own
 * that every first load preloads (368 bytes gzipped, more than the helpers inside the entry). Read
 * as an ES module (the UMD wrapper fills a local `module`), jsQR needs no helpers.
 */
function jsQrAsEsModule(): Plugin {
  return {
    name: 'perch-jsqr-as-es-module',
    enforce: 'pre',
    transform: {
      filter: { id: /[\\/]jsqr[\\/]dist[\\/]jsQR\.js$/ },
      handler: (code) => ({ code: `const module = { exports: {} }, exports = module.exports;\n${code}\nexport default module.exports;`, map: null }),
    },
  };
}

// Served by the API at /kiosk/. The service worker precaches the app shell only: API answers are
// per-learner and live, so nothing under /trpc is ever cached (no runtimeCaching at all).
export default defineConfig({
  base: '/kiosk/',
  plugins: [
    react(),
    compiledCatalogs(),
    launchFirst(),
    sessionScreenFiles(),
    jsQrAsEsModule(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // Registered from our own bundle (src/register-sw.ts): the CSP allows no inline script.
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        id: '/kiosk/',
        name: 'Perch Kiosk',
        short_name: 'Perch',
        description: 'Scan your code to start your Perch session.',
        lang: 'en',
        start_url: '/kiosk/',
        scope: '/kiosk/',
        display: 'fullscreen',
        display_override: ['fullscreen', 'standalone'],
        orientation: 'any',
        theme_color: THEME,
        background_color: '#fffaf0',
        categories: ['education', 'kids'],
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/trpc/, /^\/admin/, /^\/healthz/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  server: {
    // The admin app's dev server has 5173.
    port: 5174,
    proxy: { '/trpc': { target: API } },
  },
  build: {
    outDir: 'dist',
    // Production serves no source maps (docs/SECURITY.md): they would publish the source.
    sourcemap: false,
    emptyOutDir: true,
    // Every browser a kiosk runs in preloads modules itself; the polyfill would weigh on the first screen.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // @perch/shared is plain declarations; let unused zod schemas drop out of the kiosk bundle.
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/packages/shared/') },
    },
  },
});
