// Requests/s of Perch's hot procedures on one database, each request unbatched, each kiosk request
// from the same "tablet" (User-Agent, Accept-Language) that redeemed its code.
import { mcpStartTarget } from '../mcp.mjs';
import { adminWithClass, meLoad, mintCodes, redeemAll, redeemBodies as asBodies, redeemLoad, startLoad } from './perch-api.mjs';
import { runLoad } from './load.mjs';
import { cpuMs, rssKiB, startPerch } from './processes.mjs';

const REDEEM_CODES = Number(process.env.BENCH_CODES ?? 6000);
const WARM_SECONDS = 2;
const WARM_CODES = 500;
/** Kiosk cookies `kiosk.me` cycles through: many tablets, each reading its own row. */
const ME_TABLETS = 200;

/**
 * sessions.start and maker_start_session: one service call, through tRPC and through MCP, each on a
 * class of its own. A start reads its learner's existing sessions, and "keep" lets them pile up:
 * on one shared class the target measured second would start with every session the first one made
 * (some 250 more per learner), and pay for reading them.
 */
async function startTargets(url) {
  const [klass, mcpClass] = [await adminWithClass(url), await adminWithClass(url)];
  return [
    { name: 'sessions.start (POST, admin)', spec: startLoad(klass) },
    {
      name: 'maker_start_session (MCP tools/call, grant)',
      spec: await mcpStartTarget(url, mcpClass),
    },
  ];
}

/**
 * Measures kiosk.me, kiosk.redeem, sessions.start, the same start through MCP (maker_start_session)
 * and a class start of 50 against a fresh instance.
 */
export async function measurePerch({ databaseUrl } = {}) {
  const perch = await startPerch({ databaseUrl });
  try {
    const klass = await adminWithClass(perch.url);
    const codes = await mintCodes(perch.url, klass, ME_TABLETS + WARM_CODES + REDEEM_CODES);
    const meCookies = await redeemAll(perch.url, codes.slice(0, ME_TABLETS));
    const redeemBodies = asBodies(codes.slice(ME_TABLETS));
    const rssBefore = rssKiB(perch.pid);

    const targets = [
      { name: 'kiosk.me (GET, cookie)', spec: meLoad(meCookies) },
      {
        name: 'kiosk.redeem (POST, a new code each)',
        spec: redeemLoad(),
        warm: { bodies: redeemBodies.slice(0, WARM_CODES), amount: WARM_CODES },
        run: { bodies: redeemBodies.slice(WARM_CODES), amount: REDEEM_CODES },
      },
      ...(await startTargets(perch.url)),
      {
        name: `sessions.startBulk (class of ${klass.learnerIds.length})`,
        spec: {
          path: '/trpc/sessions.startBulk',
          method: 'POST',
          headers: { cookie: klass.admin },
          bodies: [JSON.stringify({ learnerIds: klass.learnerIds, onExisting: 'keep' })],
        },
      },
    ];
    const rows = [];
    for (const t of targets) {
      await runLoad({ url: perch.url, ...t.spec, duration: WARM_SECONDS, ...t.warm });
      const cpuBefore = cpuMs(perch.pid);
      const result = await runLoad({ url: perch.url, ...t.spec, ...t.run });
      rows.push({ name: t.name, ...result, cpuUsPerRequest: ((cpuMs(perch.pid) - cpuBefore) * 1000) / result.requests });
    }
    return { rows, rssBefore, rssAfter: rssKiB(perch.pid) };
  } finally {
    await perch.stop();
  }
}

/**
 * `pnpm bench --only mcp`: sessions.start and maker_start_session alone, alternating for `rounds`
 * rounds against one fresh instance (the MCP start's cost is read as a ratio to the tRPC start's in
 * the same round). Besides req/s, the server's CPU time per request from /proc, which a busy
 * machine moves less than req/s.
 */
export async function measureStarts({ databaseUrl, rounds } = {}) {
  const perch = await startPerch({ databaseUrl });
  try {
    const [trpc, mcp] = await startTargets(perch.url);
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const row = {};
      for (const [key, t] of Object.entries({ trpc, mcp })) {
        await runLoad({ url: perch.url, ...t.spec, duration: WARM_SECONDS });
        const cpuBefore = cpuMs(perch.pid);
        const result = await runLoad({ url: perch.url, ...t.spec });
        row[key] = { ...result, cpuMsPerRequest: (cpuMs(perch.pid) - cpuBefore) / result.requests };
      }
      results.push(row);
    }
    return results;
  } finally {
    await perch.stop();
  }
}
