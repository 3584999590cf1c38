import { compiledCatalogs } from '@perch/web/vite';
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

// One project: unit and component tests (happy-dom per file, by docblock) and the Chromium e2e suite.
export default defineProject({
  plugins: [react(), compiledCatalogs()],
  test: {
    name: 'kiosk',
    environment: 'node',
    include: ['src/**/*.test.{ts,tsx}', 'e2e/**/*.e2e.test.ts'],
    // The e2e suite starts a server and a browser; give it room on a busy two-core machine.
    testTimeout: 60_000,
    hookTimeout: 90_000,
    setupFiles: ['./src/test/setup.ts'],
  },
});
