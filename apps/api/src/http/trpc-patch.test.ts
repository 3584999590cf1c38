import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initTRPC } from '@trpc/server';

/*
 * patches/README.md: @trpc/server's object-spread helper is patched for speed. A patch is keyed to
 * one exact version, so an upgrade would drop it without a word: this notices.
 */
describe('the @trpc/server patch (patches/README.md)', () => {
  it('is applied to the installed build, ESM and CommonJS alike', () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@trpc/server'));
    const helpers = fs.readdirSync(dist).filter((f) => /^getErrorShape-.*\.(mjs|cjs)$/.test(f));
    expect(helpers).toHaveLength(2);
    for (const file of helpers) expect(fs.readFileSync(path.join(dist, file), 'utf8')).toContain('Patched by Perch');
  });

  it('middlewares still see the context each level adds, and the input and path they were called with', async () => {
    const t = initTRPC.context<{ base: string }>().create();
    const seen: unknown[] = [];
    const procedure = t.procedure
      .use(({ next }) => next({ ctx: { first: 1 } }))
      .use(({ ctx, next, path, input }) => {
        seen.push({ ctx: { ...ctx }, path, input });
        return next({ ctx: { base: 'replaced', second: 2 } });
      })
      .input((raw) => raw as { n: number })
      .query(({ ctx, input }) => ({ ctx, input }));
    const caller = t.createCallerFactory(t.router({ p: procedure }))({ base: 'base' });
    const result = await caller.p({ n: 7 });
    expect(result).toEqual({ ctx: { base: 'replaced', first: 1, second: 2 }, input: { n: 7 } });
    expect(seen).toEqual([{ ctx: { base: 'base', first: 1 }, path: 'p', input: undefined }]);
  });
});
