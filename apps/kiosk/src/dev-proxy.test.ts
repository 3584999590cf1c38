import { afterEach, describe, expect, it, vi } from 'vitest';

// `pnpm dev` passes PORT through turbo to both Vite dev servers; their tRPC proxy must follow the API
// there. One test for both apps' configs, as `pnpm dev` runs them together.
const DEV_SERVERS = {
  admin: () => import('../../admin/vite.config'),
  kiosk: () => import('../vite.config'),
};

afterEach(() => vi.unstubAllEnvs());

for (const [app, load] of Object.entries(DEV_SERVERS)) {
  describe(`the ${app} dev server`, () => {
    async function trpcProxy(port: string | undefined) {
      vi.stubEnv('PORT', port);
      vi.resetModules();
      const { default: config } = await load();
      return config.server?.proxy?.['/trpc'];
    }

    it('proxies /trpc to the API on $PORT, and on 3000 without it', async () => {
      expect(await trpcProxy('4100')).toEqual({ target: 'http://localhost:4100' });
      expect(await trpcProxy(undefined)).toEqual({ target: 'http://localhost:3000' });
    });
  });
}
