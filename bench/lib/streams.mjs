// Memory per open kiosk event stream: N tablets, each with its own redeemed session, hold
// `kiosk.events` open against one instance; heap (after a full GC) and RSS are read before and after.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { adminWithClass, KIOSK_HEADERS, mintCodes, redeemAll } from './perch-api.mjs';
import { rssKiB, startPerch } from './processes.mjs';

export const STREAMS = Number(process.env.BENCH_STREAMS ?? 2000);
const OPENING_AT_ONCE = 50;
const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-probe.mjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function readMemory(perch, file) {
  fs.rmSync(file, { force: true });
  process.kill(perch.pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(50);
  // Twice: the first GC may leave what only a second one frees.
  await sleep(200);
  fs.rmSync(file, { force: true });
  process.kill(perch.pid, 'SIGUSR2');
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await sleep(50);
  await sleep(50);
  return { ...JSON.parse(fs.readFileSync(file, 'utf8')), rssKiB: rssKiB(perch.pid) };
}

/** Opens one event stream; resolves once the session's first state has arrived. */
function openStream(url, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}/trpc/kiosk.events`, { agent: false, headers: { ...KIOSK_HEADERS, cookie, accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`kiosk.events answered ${res.statusCode}`));
      let seen = '';
      const onData = (chunk) => {
        seen += chunk;
        if (/"learnerName"/.test(seen)) {
          res.off('data', onData);
          res.resume();
          resolve(req);
        }
      };
      res.setEncoding('utf8');
      res.on('data', onData);
    });
    req.once('error', reject);
  });
}

export async function measureStreams(count = STREAMS) {
  const memoryFile = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'perch-mem-')), 'memory.json');
  const perch = await startPerch({
    nodeArgs: ['--expose-gc', '--import', pathToFileURL(probe).href],
    env: { PERCH_BENCH_MEMORY_FILE: memoryFile },
  });
  const open = [];
  try {
    const klass = await adminWithClass(perch.url);
    const cookies = await redeemAll(perch.url, await mintCodes(perch.url, klass, count), 16);
    // One stream opened and closed first, so what is loaded once (code, JIT) is not counted per stream.
    (await openStream(perch.url, cookies[0])).destroy();
    await sleep(500);
    const before = await readMemory(perch, memoryFile);
    for (let i = 0; i < cookies.length; i += OPENING_AT_ONCE) {
      open.push(...(await Promise.all(cookies.slice(i, i + OPENING_AT_ONCE).map((c) => openStream(perch.url, c)))));
    }
    await sleep(1000);
    const after = await readMemory(perch, memoryFile);
    return {
      streams: open.length,
      before,
      after,
      heapPerStreamKiB: (after.heapUsed - before.heapUsed) / 1024 / open.length,
      rssPerStreamKiB: (after.rssKiB - before.rssKiB) / open.length,
    };
  } finally {
    for (const req of open) req.destroy();
    await perch.stop();
    fs.rmSync(path.dirname(memoryFile), { recursive: true, force: true });
  }
}
