// The load generator, in its own process (forked by load.mjs): autocannon against one target.
// Receives a spec over IPC, answers with counts and latencies. Per-request variety (a different
// code or cookie each time) comes from `bodies`/`cookies`, cycled in order.
import autocannon from 'autocannon';

process.once('message', async (spec) => {
  const { url, path, method = 'GET', headers = {}, bodies, cookies, connections, duration, amount, mustInclude } = spec;
  let i = 0;
  const latencies = [];
  let last = 0;
  const started = performance.now();
  const instance = autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration }),
    // A 200 that is not the answer sought (an MCP tool error) is counted as a mismatch, not a success.
    ...(mustInclude ? { verifyBody: (body) => body.includes(mustInclude) } : {}),
    requests: [
      {
        method,
        path,
        headers,
        setupRequest(req) {
          const n = i++;
          const extra = cookies ? { cookie: cookies[n % cookies.length] } : {};
          return {
            ...req,
            headers: { ...headers, ...extra, ...(bodies ? { 'content-type': 'application/json' } : {}) },
            ...(bodies ? { body: bodies[n % bodies.length] } : {}),
          };
        },
      },
    ],
  });
  // autocannon's own histogram keeps whole milliseconds; keep the exact times for p50/p99.
  // Seconds from the start to the last answer: autocannon counts a fixed `amount` run's duration in
  // whole seconds (6,000 redeems in 3.4 s read as 4 s), too coarse for a ratio.
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
    last = performance.now();
  });
  const result = await instance;
  const seconds = last > started ? (last - started) / 1000 : result.duration;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const ok = result['2xx'] - result.mismatches;
  process.send({
    requests: latencies.length,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    seconds,
    rps: ok / seconds,
    p50: pct(50),
    p99: pct(99),
  });
  process.exit(0);
});
