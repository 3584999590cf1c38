// docs/BENCHMARKS.md from one run's figures.
import { CONNECTIONS, SECONDS } from './load.mjs';
import { BENCH_CAPS } from './processes.mjs';

const n = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kib = (bytes) => `${n(bytes / 1024, 1)} KiB`;

/** The same service call behind sessions.start and maker_start_session: what the MCP path adds. */
function mcpLine(sqlite, postgres) {
  const ratio = (result) => {
    const rps = (prefix) => result?.rows.find((r) => r.name.startsWith(prefix))?.rps;
    const trpc = rps('sessions.start');
    const mcp = rps('maker_start_session');
    return trpc && mcp ? `${(trpc / mcp).toFixed(2)}×` : null;
  };
  const onSqlite = ratio(sqlite);
  if (!onSqlite) return '';
  const onPostgres = ratio(postgres);
  return (
    `An MCP start costs ${onSqlite} a tRPC start on SQLite${onPostgres ? ` and ${onPostgres} on PostgreSQL` : ''} (the target is at ` +
    'most 2×): both run the same service call in one transaction, which for MCP also carries the grant’s call count ' +
    'and its `agent.call` audit row. MCP adds the SDK’s server and transport per request, the grant lookup (which ' +
    'reads the policy’s version in the same query) and the policy’s counter.'
  );
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * What the baseline is divided by: the most either tool got from the bare server. Under a busy
 * machine autocannon (JavaScript) can fall well short of wrk (C) on a hello world while both are
 * far from their ceiling on Perch's few hundred requests a second; dividing by the lower figure
 * would make every ratio read kinder than it is.
 */
function baselineOf(baselines) {
  const autocannon = mean(baselines.map((b) => b.rps));
  const wrk = baselines.every((b) => b.wrk) ? mean(baselines.map((b) => b.wrk)) : null;
  return { autocannon, wrk, rps: Math.max(autocannon, wrk ?? 0) };
}

function baselineLines(baselines, base) {
  const autocannon = `autocannon: ${baselines.map((b) => `${n(b.rps)} req/s (p50 ${n(b.p50, 2)} ms, p99 ${n(b.p99, 2)} ms)`).join(' and ')}`;
  const wrk =
    base.wrk === null
      ? 'wrk was not installed, so only autocannon measured it (`apt-get install wrk` adds the cross-check).'
      : `wrk (\`-t1 -c${CONNECTIONS}\`, right after each): ${baselines.map((b) => `${n(b.wrk)} req/s`).join(' and ')}.`;
  return [
    `${autocannon}; ${wrk}`,
    `× baseline divides by the higher of the two tools' means, ${n(base.rps)} req/s (${base.rps === base.wrk ? 'wrk' : 'autocannon'}).`,
  ];
}

export function report({ machine, baselines, sqlite, postgres, streams, name, web }) {
  const base = baselineOf(baselines);
  const row = (label, r) =>
    `| ${label} | ${n(r.requests)} | ${r.requests - r.ok} | ${n(r.rps)} | ${n(r.p50, 2)} | ${n(r.p99, 2)} | ${n(r.cpuUsPerRequest)} | ${(r.rps / base.rps).toFixed(3)} |`;
  const table = (title, result) => [
    `### ${title}`,
    '',
    '| target | requests | failed | req/s | p50 ms | p99 ms | server CPU µs/req | × baseline |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map((r) => row(r.name, r)),
    '',
    `Server memory (RSS): ${n(result.rssBefore / 1024)} MiB after seeding, ${n(result.rssAfter / 1024)} MiB after the run.`,
    '',
  ];
  const kiosk = web.kiosk;
  const admin = web.admin;
  return [
    '# Benchmarks',
    '',
    `Measured by \`pnpm bench\` (bench/run.mjs) on ${machine.date}: ${machine.cores} cores (\`nproc\`), ${machine.cpu},`,
    `Node ${machine.node}; load average ${machine.load} when it started (the machine is shared: figures move between runs,`,
    'ratios to the same-run baseline much less).',
    '',
    '## Requests per second',
    '',
    `Load generator: [autocannon](https://github.com/mcollina/autocannon) in its own process, ${CONNECTIONS} keep-alive`,
    `connections, one request in flight per connection, ${SECONDS} s per target after a 2 s warm-up (kiosk.redeem: a fixed`,
    'number of fresh codes, each used once). Each server is its own process on 127.0.0.1. Every request is one',
    'procedure (no tRPC batching); kiosk requests carry the same User-Agent and Accept-Language as the redeem that made',
    'their cookie, so the device binding passes. p50/p99 are exact response times seen by the client. "failed": not a',
    '2xx, or (MCP) a 200 carrying a tool error; req/s counts successes only, over the load\'s own clock (first request to',
    'last answer). "server CPU": the server process\'s user+system time (/proc) over the measured run, per request: it moves',
    'less than req/s when the shared machine is busy. The baseline server spends about 20 µs per request.',
    '',
    `Caps lifted for the bench (otherwise the first second would be refused): ${Object.entries(BENCH_CAPS).map(([k, v]) => `\`${k}=${v}\``).join(', ')}.`,
    'What is measured is a request that passes every check, not a refusal.',
    '',
    `**Baseline**: a bare \`node:http\` server answering a tRPC-shaped JSON body, measured before and after the Perch runs:`,
    ...baselineLines(baselines, base),
    '',
    ...table('SQLite', sqlite),
    ...(postgres
      ? table('PostgreSQL (127.0.0.1:5432, a database created for the run and dropped after)', postgres)
      : ['### PostgreSQL', '', 'Not measured: nothing answered on 127.0.0.1:5432.', '']),
    mcpLine(sqlite, postgres),
    '',
    'What a redeem does: throttle reservation, zod parse, one keyed hash, one conditional `UPDATE … RETURNING` with its',
    'audit row (on PostgreSQL one statement, a CTE; on SQLite one transaction, run synchronously and committed together',
    'with the other moves of the same event-loop turn, each in its own savepoint: db/sqlite-sync.ts), SHA-256 of a new',
    'token, the Set-Cookie, and a live event. SQLite copies its log back into the file (checkpoints) in a worker thread,',
    'never on the event loop (db/checkpointer.ts). `kiosk.me` hashes the cookie and reads one row (the 12 columns a kiosk',
    'uses) by a unique index. Single calls like these two are answered in front of Express, on Node\'s own request and',
    'response objects, their fixed headers written in one piece with the answer\'s (http/front.ts). A class start inserts',
    '50 sessions, 50 audit rows and a batch in one transaction.',
    '',
    '## Memory per open kiosk event stream',
    '',
    `${n(streams.streams)} tablets, each with its own redeemed session, hold \`kiosk.events\` open against one instance (SQLite);`,
    'heap is read after a full GC by a probe preloaded into that process only (bench/lib/memory-probe.mjs), RSS from',
    '/proc. One stream is opened and closed first so code loaded once is not counted per stream.',
    '',
    '| | before | after | per stream |',
    '|---|---:|---:|---:|',
    `| heap used | ${n(streams.before.heapUsed / 1048576, 1)} MiB | ${n(streams.after.heapUsed / 1048576, 1)} MiB | ${n(streams.heapPerStreamKiB, 1)} KiB |`,
    `| RSS | ${n(streams.before.rssKiB / 1024, 1)} MiB | ${n(streams.after.rssKiB / 1024, 1)} MiB | ${n(streams.rssPerStreamKiB, 1)} KiB |`,
    '',
    '## Kiosk and admin in the browser',
    '',
    'First-load JS: the entry script and the chunks `index.html` preloads (gzip at zlib’s default level).',
    '',
    '| app | first-load JS (raw) | first-load JS (gzip) | JS chunks | all JS (gzip) |',
    '|---|---:|---:|---:|---:|',
    `| kiosk | ${kib(kiosk.raw)} | ${kib(kiosk.gzip)} (${n(kiosk.gzip)} bytes) | ${kiosk.chunks} | ${kib(kiosk.allGzip)} |`,
    `| admin | ${kib(admin.raw)} | ${kib(admin.gzip)} (${n(admin.gzip)} bytes) | ${admin.chunks} | ${kib(admin.allGzip)} |`,
    '',
    `Redeem link → learner’s name on screen, headless Chromium on localhost (CHROMIUM_ARGS of apps/api/src/test/e2e.ts),`,
    `a fresh browser context (no cache, cookie or service worker) per run, ${name.runs} runs after one unmeasured:`,
    '',
    '| clock | median ms | min ms | max ms |',
    '|---|---:|---:|---:|',
    `| page: navigation start → frame showing the name | ${n(name.painted.median)} | ${n(name.painted.min)} | ${n(name.painted.max)} |`,
    `| test: open the link → heading found (adds Playwright round trips) | ${n(name.seen.median)} | ${n(name.seen.min)} | ${n(name.seen.max)} |`,
    '',
  ].join('\n');
}

/** `pnpm bench --only mcp`: each round's sessions.start and maker_start_session, and their ratios. */
export function startsReport({ machine, sqlite, postgres }) {
  const table = (title, rounds) => {
    const sum = (f) => rounds.reduce((total, r) => total + f(r), 0);
    const line = (label, trpcRps, mcpRps, trpcCpu, mcpCpu) =>
      `| ${label} | ${n(trpcRps)} | ${n(mcpRps)} | ${(trpcRps / mcpRps).toFixed(2)}× | ${n(trpcCpu, 2)} | ${n(mcpCpu, 2)} | ${(mcpCpu / trpcCpu).toFixed(2)}× |`;
    return [
      `### ${title}`,
      '',
      '| round | sessions.start req/s | maker_start_session req/s | req/s ratio | tRPC CPU ms/req | MCP CPU ms/req | CPU ratio |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rounds.map((r, i) => line(String(i + 1), r.trpc.rps, r.mcp.rps, r.trpc.cpuMsPerRequest, r.mcp.cpuMsPerRequest)),
      line(
        'all',
        sum((r) => r.trpc.rps) / rounds.length,
        sum((r) => r.mcp.rps) / rounds.length,
        sum((r) => r.trpc.cpuMsPerRequest) / rounds.length,
        sum((r) => r.mcp.cpuMsPerRequest) / rounds.length,
      ),
      `Failed: ${sum((r) => r.trpc.requests - r.trpc.ok)} tRPC, ${sum((r) => r.mcp.requests - r.mcp.ok)} MCP.`,
      '',
    ];
  };
  return [
    '## sessions.start beside maker_start_session (`pnpm bench --only mcp`)',
    '',
    `${machine.date}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.load} at the start. ${CONNECTIONS} connections,`,
    `${SECONDS} s per target after a 2 s warm-up, the two targets alternating on one instance per database, each on a`,
    'class of 50 learners of its own (a start reads its learner’s existing sessions, which "keep" lets pile up). CPU: the',
    'server process’s user + system time per request (from /proc), which a busy machine moves less than req/s.',
    '',
    ...table('SQLite', sqlite),
    ...(postgres ? table('PostgreSQL', postgres) : ['PostgreSQL: not reachable, not measured.', '']),
  ].join('\n');
}
