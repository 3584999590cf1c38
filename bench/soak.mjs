// `pnpm soak`: a classroom-sized steady load on the built API, for a minute. 500 kiosks each hold
// their live event stream open and ask kiosk.me every few seconds, while an admin mints 20
// sessions a second. Writes errors, latency percentiles and the server's memory to a section of
// docs/BENCHMARKS.md (the rest of the page is kept). Load goes to 127.0.0.1 only.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { cookieOf, request as sendRequest, root, rssMiB, startPerch } from './perch.mjs';

const KIOSKS = Number(process.env.SOAK_KIOSKS ?? 500);
const MINTS_PER_SEC = Number(process.env.SOAK_MINTS_PER_SEC ?? 20);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
/** The kiosk's own poll while its stream is down (apps/kiosk SessionView POLL_STREAM_DOWN_MS): the heavier case. */
const ME_EVERY_MS = Number(process.env.SOAK_ME_EVERY_MS ?? 5_000);
const TABLET = { 'user-agent': 'Mozilla/5.0 (Linux; Android 14; Tablet) Chrome/140.0', 'accept-language': 'en-GB' };
const BEGIN = '<!-- soak:begin -->';
const END = '<!-- soak:end -->';

const pooled = new http.Agent({ keepAlive: true, maxSockets: 64 });
/** Every request comes from a tablet's browser: the kiosk cookie is bound to its User-Agent and Accept-Language. */
const request = (port, { headers = {}, ...options }) => sendRequest(port, { agent: pooled, ...options, headers: { ...TABLET, ...headers } });

const unwrap = (res, what) => {
  const body = JSON.parse(res.body);
  if (!body.result) throw new Error(`${what} failed (${res.status}): ${res.body}`);
  return body.result.data;
};

const SOAK_ADMIN = { email: 'soak@example.org', password: 'soak-password-123' };

/** Mints and redeems one session per kiosk; returns each kiosk's cookie. */
async function seed(port) {
  const login = await request(port, { method: 'POST', path: '/trpc/auth.login', body: SOAK_ADMIN });
  const admin = cookieOf(login, '__Host-perch_admin');
  const learnerIds = [];
  for (let i = 0; i < 50; i++) {
    const res = await request(port, { method: 'POST', path: '/trpc/learners.create', headers: { cookie: admin }, body: { name: `Learner ${i}`, consent: true } });
    learnerIds.push(unwrap(res, 'learners.create').id);
  }
  const cookies = [];
  while (cookies.length < KIOSKS) {
    const bulk = await request(port, { method: 'POST', path: '/trpc/sessions.startBulk', headers: { cookie: admin }, body: { learnerIds, durationMin: 240, onExisting: 'keep' } });
    for (const s of unwrap(bulk, 'sessions.startBulk').sessions) {
      if (cookies.length === KIOSKS) break;
      const res = await request(port, { method: 'POST', path: '/trpc/kiosk.redeem', body: { code: s.redemptionCode } });
      cookies.push(cookieOf(res, '__Host-perch_kiosk'));
    }
  }
  return { admin, learnerIds, cookies };
}

/** One kiosk's live stream, on a connection of its own; counts what arrives and whether it broke. */
function openStream(port, cookie, stats) {
  const req = http.get({ host: '127.0.0.1', port, path: '/trpc/kiosk.events', agent: false, headers: { ...TABLET, cookie, accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      stats.failed++;
      res.resume();
      return;
    }
    stats.open++;
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      stats.messages += (chunk.match(/\n\n/g) ?? []).length;
    });
    res.on('end', () => {
      stats.open--;
      if (!stats.closing) stats.dropped++;
    });
  });
  req.on('error', () => {
    if (!stats.closing) stats.dropped++;
  });
  return req;
}

class Latencies {
  constructor() {
    this.ms = [];
    this.errors = 0;
  }
  async time(send) {
    const t0 = process.hrtime.bigint();
    try {
      const res = await send();
      if (res.status !== 200) this.errors++;
    } catch {
      this.errors++;
    }
    this.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  pct(p) {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  }
}

async function main() {
  const perch = await startPerch({
    admin: SOAK_ADMIN,
    env: { ...(process.env.SOAK_DATABASE_URL ? { DATABASE_URL: process.env.SOAK_DATABASE_URL } : {}), REDIS_URL: process.env.SOAK_REDIS_URL ?? '' },
  });
  const streamStats = { open: 0, failed: 0, dropped: 0, messages: 0, closing: false };
  const streams = [];
  const timers = [];
  try {
    const { admin, learnerIds, cookies } = await seed(perch.port);
    for (const cookie of cookies) streams.push(openStream(perch.port, cookie, streamStats));
    for (let i = 0; i < 100 && streamStats.open + streamStats.failed < KIOSKS; i++) await new Promise((r) => setTimeout(r, 100));
    const rssStart = rssMiB(perch.child.pid);
    const loadStart = os.loadavg()[0];

    const me = new Latencies();
    const mint = new Latencies();
    const pending = new Set();
    const track = (p) => {
      pending.add(p);
      p.finally(() => pending.delete(p));
    };
    // Each kiosk polls on its own schedule, spread over the interval.
    cookies.forEach((cookie, i) => {
      const poll = () => track(me.time(() => request(perch.port, { path: '/trpc/kiosk.me', headers: { cookie } })));
      timers.push(
        setTimeout(() => {
          poll();
          timers.push(setInterval(poll, ME_EVERY_MS));
        }, (i * ME_EVERY_MS) / cookies.length),
      );
    });
    // Open loop at a fixed rate: a slow answer does not slow the minting down.
    let minted = 0;
    const mintingFrom = Date.now();
    timers.push(
      setInterval(() => {
        while (minted < ((Date.now() - mintingFrom) / 1000) * MINTS_PER_SEC) {
          const learnerId = learnerIds[minted++ % learnerIds.length];
          track(mint.time(() => request(perch.port, { method: 'POST', path: '/trpc/sessions.start', headers: { cookie: admin }, body: { learnerId, onExisting: 'keep' } })));
        }
      }, 10),
    );
    let rssMax = rssStart;
    timers.push(setInterval(() => (rssMax = Math.max(rssMax, rssMiB(perch.child.pid))), 1000));

    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    for (const t of timers) clearInterval(t);
    await Promise.all(pending);
    const rssEnd = rssMiB(perch.child.pid);
    rssMax = Math.max(rssMax, rssEnd);
    const streamsHeld = streamStats.open;
    const loadEnd = os.loadavg()[0];

    const row = (name, l) =>
      `| ${name} | ${l.ms.length} | ${l.errors} | ${(l.ms.length / SECONDS).toFixed(1)} | ${l.pct(50).toFixed(1)} | ${l.pct(99).toFixed(1)} |`;
    const section = `${BEGIN}
## Soak: ${KIOSKS} kiosks and ${MINTS_PER_SEC} mints a second

Measured by \`pnpm soak\` (bench/soak.mjs) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, the built server on SQLite.
For ${SECONDS} s, ${KIOSKS} kiosks each hold their \`kiosk.events\` stream open (a connection each) and ask
\`kiosk.me\` every ${ME_EVERY_MS / 1000} s (the kiosk's poll rate while its stream is down, the heavier case), while an admin
mints ${MINTS_PER_SEC} sessions a second (\`sessions.start\`, each one a live event; the bus hands it only to the
streams of that session, so what the kiosks receive is mostly pings). The load
generator is one process on the same machine, so both share its ${os.cpus().length} cores; the machine's load average
(1 min) was ${loadStart.toFixed(1)} when the run began and ${loadEnd.toFixed(1)} when it ended, other work included, and latency
follows it closely: compare runs by it.

| request | requests | errors | per second | p50 ms | p99 ms |
|---|---:|---:|---:|---:|---:|
${row('kiosk.me (GET, cookie)', me)}
${row('sessions.start (POST, admin)', mint)}

Live streams: ${streamsHeld} of ${KIOSKS} open at the end, ${streamStats.failed} refused, ${streamStats.dropped} dropped during the run; ${streamStats.messages} messages delivered (events and pings).

Perch server memory (RSS): ${rssStart.toFixed(0)} MiB with the ${KIOSKS} streams open, at most ${rssMax.toFixed(0)} MiB during the run, ${rssEnd.toFixed(0)} MiB at the end.
${END}
`;
    writeSection(section);
    console.log(section);
  } finally {
    streamStats.closing = true;
    for (const t of timers) clearInterval(t);
    for (const s of streams) s.destroy();
    await perch.stop();
    pooled.destroy();
  }
}

/** Replaces the soak section of docs/BENCHMARKS.md, or appends one; the rest of the page stays. */
function writeSection(section) {
  const file = path.join(root, 'docs/BENCHMARKS.md');
  const page = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  const next = begin !== -1 && end > begin ? page.slice(0, begin) + section.trimEnd() + page.slice(end + END.length) : `${page.trimEnd()}\n\n${section}`;
  fs.writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
