import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AUDIT_EXPORT, AUDIT_EXPORT_PATH, AUDIT_PAGE, auditExportHref } from '@perch/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../test/csv';
import { DIALECTS, signedInAdmin, startServerWithAdmin } from '../test/harness';
import { auditExportRoute } from './audit.route';
import { recordAudit } from './audit.service';
import { csvField } from './csv';

const HEADER = ['Time (UTC)', 'Local time (UTC)', 'Who', 'What', 'Learner', 'Details', 'IP address'];

for (const dialect of DIALECTS) {
  describe(`audit log CSV export (${dialect})`, () => {
    let t: Awaited<ReturnType<typeof startServerWithAdmin>>;
    const download = (href: string, headers: Record<string, string> = {}) => fetch(new URL(href, t.url), { headers: { cookie: t.cookie, ...headers } });
    const rows = async (href: string) => {
      const res = await download(href);
      expect(res.status, await res.clone().text()).toBe(200);
      // (fetch's text() drops the byte order mark, as every UTF-8 decoder does; the first test reads the bytes.)
      return parseCsv(await res.text());
    };
    const admin = async () => signedInAdmin(t.services);

    beforeAll(async () => {
      t = await startServerWithAdmin(dialect);
    });
    afterAll(() => t.close());

    it('is for signed-in admins only, and never for another site', async () => {
      const anonymous = await fetch(new URL(AUDIT_EXPORT_PATH, t.url));
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: { message: 'Please sign in as an admin to do that.', data: { reason: 'NOT_SIGNED_IN' } } });
      const stale = await fetch(new URL(AUDIT_EXPORT_PATH, t.url), { headers: { cookie: `${t.cookie}x` } });
      expect(stale.status).toBe(401);
      const foreign: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }];
      for (const headers of foreign) {
        const res = await download(AUDIT_EXPORT_PATH, headers);
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ error: { data: { reason: 'CROSS_SITE' } } });
      }
      expect((await download(AUDIT_EXPORT_PATH, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    });

    it('refuses a filter it does not know or cannot read, with a sentence', async () => {
      const bad = async (query: string) => {
        const res = await download(`${AUDIT_EXPORT_PATH}?${query}`);
        expect(res.status).toBe(400);
        return ((await res.json()) as { error: { message: string } }).error.message;
      };
      expect(await bad('action=session.start')).toMatch(/^The audit log cannot be filtered by action\. Its filters are: actions, /);
      expect(await bad('since=yesterday')).toBe('Use an ISO-8601 date and time.');
      expect(await bad('actions=audit.delete')).toMatch(/“actions\[0\]” should be one of/);
      expect(await bad('timeZone=Mars/Olympus')).toBe('That time zone is not known. Use an IANA name such as Europe/Madrid.');
    });

    it('is UTF-8 with a BOM, an attachment, RFC 4180 quoted, and names people in words', async () => {
      const client = await admin();
      const zoe = await client.caller.learners.create({ name: 'Zoë "Zo" Núñez, Jr.', consent: true });
      await client.caller.sessions.start({ learnerId: zoe.id, durationMin: 60, idleLockMin: 10 });

      const res = await download(auditExportHref({ learnerId: zoe.id }));
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="perch-audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text).toContain('"Zoë ""Zo"" Núñez, Jr."');
      const [header, ...body] = parseCsv(text.slice(1));
      expect(header).toEqual(HEADER);
      expect(body.map((r) => r.slice(2, 6))).toEqual([
        ['teacher@example.org', 'Session started', 'Zoë "Zo" Núñez, Jr.', '60-minute session, locks after 10 idle minutes.'],
        ['teacher@example.org', 'Learner added', 'Zoë "Zo" Núñez, Jr.', 'Added with a name only.'],
      ]);
      for (const r of body) {
        expect(r[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(r[1]).toBe(`${r[0]!.slice(0, 10)} ${r[0]!.slice(11, 19)}`);
        expect(r[6]).toBe('203.0.113.10');
      }
    });

    it('keeps cells that a spreadsheet would run as formulas as text', async () => {
      const client = await admin();
      const names = ['=HYPERLINK("http://evil.example","Maya")', '+1 Sam', '-Ada', '@SUM(A1)'];
      const ids: string[] = [];
      for (const name of names) ids.push((await client.caller.learners.create({ name, consent: true })).id);
      const learners = (await rows(auditExportHref({ actions: ['learner.create'] }))).slice(1).map((r) => r[4]);
      for (const name of names) expect(learners).toContain(`'${name}`);
      // Tabs and carriage returns cannot be typed into a name; the guard covers them all the same.
      expect([csvField('\tcmd'), csvField('\r=1+1'), csvField('Maya - 10'), csvField(7)]).toEqual(['"\'\tcmd"', '"\'\r=1+1"', '"Maya - 10"', '"7"']);
    });

    it('exports every matching entry, past the page the audit page shows, filtered as the page is', async () => {
      const marker = crypto.randomUUID();
      const start = Date.parse('2026-01-15T10:00:00.000Z');
      const count = AUDIT_EXPORT.pageRows * 2 + 100;
      expect(count).toBeGreaterThan(AUDIT_PAGE.max);
      const values = Array.from({ length: count }, (_, n) => ({
        at: start + n * 1_000,
        action: 'session.lock',
        actor_type: 'system' as const,
        actor_id: null,
        actor_label: null,
        session_id: marker,
        learner_id: null,
        ip: null,
        user_agent: null,
        detail: JSON.stringify({ why: 'idle' }),
      }));
      for (let i = 0; i < values.length; i += 500) await t.services.db.insertInto('audit_log').values(values.slice(i, i + 500)).execute();

      const all = (await rows(auditExportHref({ sessionId: marker }))).slice(1);
      expect(all).toHaveLength(count);
      // Newest first, none twice.
      expect(all[0]![0]).toBe(new Date(start + (count - 1) * 1_000).toISOString());
      expect(new Set(all.map((r) => r[0])).size).toBe(count);
      expect(all[0]!.slice(2, 6)).toEqual(['Perch', 'Tablet locked (idle)', 'A guest', 'Nobody touched the tablet for its idle time.']);

      const window = await rows(
        auditExportHref({ sessionId: marker, actions: ['session.lock'], actorTypes: ['system'], since: new Date(start).toISOString(), until: new Date(start + 10_000).toISOString(), timeZone: 'Europe/Madrid' }),
      );
      expect(window[0]![1]).toBe('Local time (Europe/Madrid)');
      expect(window.slice(1).map((r) => r[1])).toEqual(Array.from({ length: 10 }, (_, n) => `2026-01-15 11:00:${String(9 - n).padStart(2, '0')}`));
      expect(await rows(auditExportHref({ sessionId: marker, actorTypes: ['admin'] }))).toHaveLength(1);
    });

    it('is audited: who downloaded how many entries', async () => {
      const sent = (await rows(auditExportHref({ actions: ['learner.create'] }))).length - 1;
      const [entry] = await t.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'audit.export').orderBy('id', 'desc').limit(1).execute();
      expect(entry).toMatchObject({ actor_type: 'admin', actor_label: 'teacher@example.org' });
      expect(JSON.parse(entry!.detail)).toEqual({ rows: sent, capped: false, filtered: true });
      expect(sent).toBeGreaterThan(0);
    });

    it('stops at its cap and says so in its last line', async () => {
      const app = express().get(AUDIT_EXPORT_PATH, auditExportRoute(t.services, { pageRows: 3, maxRows: 7 }));
      const server = http.createServer(app).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const sessionId = crypto.randomUUID();
        for (let n = 0; n < 10; n++) await recordAudit(t.services.db, t.services.now() + n, null, { action: 'session.unlock', actorType: 'kiosk', sessionId });
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${auditExportHref({ sessionId })}`;
        const res = await fetch(url, { headers: { cookie: t.cookie } });
        // (fetch's text() drops the byte order mark, as every UTF-8 decoder does.)
        const [, ...body] = parseCsv(await res.text());
        expect(body).toHaveLength(8);
        expect(body.at(-1)!.slice(2, 6)).toEqual([
          'Perch',
          'Export stopped at 7 entries',
          '',
          'Older entries matching these filters were left out: narrow the dates (From, Until) to export them.',
        ]);
        const [entry] = await t.services.db.selectFrom('audit_log').select('detail').where('action', '=', 'audit.export').orderBy('id', 'desc').limit(1).execute();
        expect(JSON.parse(entry!.detail)).toEqual({ rows: 7, capped: true, filtered: true });
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });
}
