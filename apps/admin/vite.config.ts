import { compiledCatalogs } from '@perch/web/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /admin/. In `pnpm dev` the API runs on $PORT (3000 by default; turbo passes
// PORT through) and Vite proxies tRPC (and the audit log's CSV download) to it, keeping one origin for
// the SameSite=Strict admin cookie.
const API = `http://localhost:${process.env.PORT || 3000}`;

export default defineConfig({
  base: '/admin/',
  plugins: [react(), compiledCatalogs()],
  server: {
    port: 5173,
    proxy: { '/trpc': { target: API }, '/exports': { target: API } },
  },
  build: {
    outDir: 'dist',
    // Production serves no source maps (docs/SECURITY.md): they would publish the source.
    sourcemap: false,
    // The server's CSP allows no inline script; keep every asset a file of its own.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
