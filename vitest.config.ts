import { defineConfig } from 'vitest/config';

// One `vitest run` covers every package; each project keeps its own environment.
export default defineConfig({
  test: {
    reporters: ['default', './vitest.summary-reporter.ts'],
    projects: ['packages/*/vitest.config.ts', 'apps/*/vitest.config.ts'],
  },
});
