import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestServices, signedInAdmin, type TestServices } from '../test/harness';
import { DeviceHeartbeats } from './heartbeats';

for (const dialect of DIALECTS) {
  describe(`open tablet streams renewed together (${dialect})`, () => {
    let services: TestServices;
    let adminId: string;
    beforeAll(async () => {
      services = await createTestServices(dialect);
      adminId = (await (await signedInAdmin(services)).caller.auth.me()).id;
    });
    afterAll(() => services.close());

    /** An enrolled tablet whose stream `streamId` is open (or none), last seen an hour ago. */
    async function tablet(number: number, streamId: string | null, retired = false) {
      const id = crypto.randomUUID();
      const hourAgo = services.now() - 60 * 60_000;
      await services.db
        .insertInto('tablets')
        .values({
          id,
          number,
          name: `Tablet ${number}`,
          token_hash: retired ? null : crypto.randomUUID(),
          previous_token_hash: null,
          token_rotated_at: hourAgo,
          created_by: adminId,
          created_at: hourAgo,
          last_seen_at: hourAgo,
          stream_id: streamId,
          retired_at: retired ? hourAgo : null,
        })
        .execute();
      return id;
    }
    const seenAt = async (id: string) =>
      (await services.db.selectFrom('tablets').select('last_seen_at').where('id', '=', id).executeTakeFirstOrThrow()).last_seen_at;

    it('renews every open stream’s tablet in one beat, and none whose stream closed, was taken over, or is retired', async () => {
      const heartbeats = new DeviceHeartbeats(services.db, services.now, 60_000);
      const open = await Promise.all([1, 2, 3].map((n) => tablet(n, `stream-${n}`)));
      const closed = await tablet(4, 'stream-4');
      const takenOver = await tablet(5, 'newer-stream-5');
      const retired = await tablet(6, 'stream-6', true);
      for (const stream of ['stream-1', 'stream-2', 'stream-3', 'stream-4', 'older-stream-5', 'stream-6']) heartbeats.start(stream);
      heartbeats.stop('stream-4');
      expect(heartbeats.size()).toBe(5);

      services.advance(5_000);
      const beatAt = services.now();
      await heartbeats.beat();
      for (const id of open) expect(await seenAt(id)).toBeGreaterThanOrEqual(beatAt);
      for (const id of [closed, takenOver, retired]) expect(await seenAt(id)).toBeLessThan(beatAt - 60 * 60_000 + 10_000);
      heartbeats.close();
    });

    it('beats on its own every interval while a stream is open, and stops when the last one closes', async () => {
      const heartbeats = new DeviceHeartbeats(services.db, services.now, 20);
      try {
        const id = await tablet(7, 'stream-7');
        heartbeats.start('stream-7');
        const startedAt = services.now();
        await expect.poll(async () => (await seenAt(id))! >= startedAt, { timeout: 5_000 }).toBe(true);
        heartbeats.stop('stream-7');
        expect(heartbeats.size()).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 50)); // a beat already under way lands
        const last = await seenAt(id);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await seenAt(id)).toBe(last);
      } finally {
        heartbeats.close();
      }
    });
  });
}
