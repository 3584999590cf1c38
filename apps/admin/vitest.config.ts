import { compiledCatalogs } from '@perch/web/vite';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// Component tests opt into happy-dom per file; the e2e suite drives the built app in Chromium.
export default defineProject({
  plugins: [react(), compiledCatalogs()],
  test: {
    name: 'admin',
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: ['./src/test/setup.ts'],
  },
});
