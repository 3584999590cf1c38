import { defineConfig } from 'tsup';

// One ESM bundle per entry; @perch/shared is TypeScript source, so it is bundled in.
export default defineConfig({
  entry: { main: 'src/main.ts', 'create-admin': 'src/cli/create-admin.ts', 'create-grant': 'src/cli/create-grant.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: ['@perch/shared'],
});
