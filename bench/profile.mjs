// `pnpm bench:profile [me] [redeem] [start] [mcp]`: where the server's time goes under load. Runs the
// built API with `--cpu-prof` under each target named (default: kiosk.me, then kiosk.redeem; `start`
// is sessions.start over tRPC, `mcp` the same start as maker_start_session), a fresh instance each,
// and prints the functions with the most self time (BENCH_PROFILE_KEEP=1 keeps the .cpuprofile to open in
// a viewer). Not written to docs: a guide for speed work.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mcpStartTarget } from './mcp.mjs';
import { adminWithClass, meLoad, mintCodes, redeemAll, redeemBodies, redeemLoad, startLoad } from './lib/perch-api.mjs';
import { runLoad } from './lib/load.mjs';
import { startPerch } from './lib/processes.mjs';

const TOP = Number(process.env.BENCH_PROFILE_TOP ?? 25);

function where(url) {
  if (!url) return '(native)';
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url;
  return path.basename(url);
}

/** Self time per function (ms and %), from a .cpuprofile's samples. */
function summarize(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const busy = total - (self.get('(idle)  (native)') ?? 0);
  const rows = [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return { busy, rows: rows.map(([k, ms]) => `${((100 * ms) / busy).toFixed(1).padStart(5)}%  ${k}`) };
}

/**
 * Seeds one instance, then profiles a second on the same database and secret, so the profile holds
 * the load alone (not the minting, the sign-in's password hash or start-up).
 */
async function profile(name, setUp) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-prof-'));
  const shared = { databaseUrl: `sqlite:${path.join(dir, 'perch.sqlite')}`, env: { PERCH_SECRET: crypto.randomBytes(24).toString('hex') } };
  const seeder = await startPerch(shared);
  const spec = await setUp(seeder.url).finally(() => seeder.stop());
  const perch = await startPerch({ ...shared, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  let result;
  try {
    result = await runLoad({ ...spec, url: perch.url });
  } finally {
    await perch.stop('SIGINT');
  }
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const { busy, rows } = summarize(path.join(dir, file));
  console.log(`\n## ${name}: ${result.rps.toFixed(0)} req/s; self time of ${(busy / 1000).toFixed(1)} s busy CPU\n`);
  console.log(rows.join('\n'));
  if (process.env.BENCH_PROFILE_KEEP) console.log(`\nprofile kept: ${path.join(dir, file)}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

const codes = Number(process.env.BENCH_CODES ?? 6000);
const TARGETS = {
  me: [
    'kiosk.me',
    async (url) => meLoad(await redeemAll(url, await mintCodes(url, await adminWithClass(url), 200))),
  ],
  redeem: [
    'kiosk.redeem',
    async (url) => {
      const bodies = redeemBodies(await mintCodes(url, await adminWithClass(url), codes));
      return { ...redeemLoad(bodies), amount: bodies.length };
    },
  ],
  start: ['sessions.start', async (url) => startLoad(await adminWithClass(url))],
  mcp: ['maker_start_session (MCP)', async (url) => mcpStartTarget(url, await adminWithClass(url))],
};
const asked = process.argv.slice(2);
for (const name of asked.length > 0 ? asked : ['me', 'redeem']) {
  const target = TARGETS[name];
  if (!target) throw new Error(`bench:profile takes ${Object.keys(TARGETS).join(', ')}; not ${name}.`);
  await profile(...target);
}
