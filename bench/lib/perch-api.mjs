// Set-up calls for the bench, over plain HTTP as any tRPC client would make them (one procedure per
// request: no batching). What is measured runs in the load generator, not here.
import { BULK_MAX_LEARNERS } from '../../packages/shared/src/constants.ts';
import { BENCH_ADMIN } from './processes.mjs';

/** Every kiosk request of the bench says the same, so the device binding matches across calls. */
export const KIOSK_HEADERS = { 'user-agent': 'perch-bench', 'accept-language': 'en' };
export { BULK_MAX_LEARNERS };

async function call(url, path, { input, cookie, method = 'POST', headers = {} } = {}) {
  const res = await fetch(`${url}/trpc/${path}`, {
    method,
    headers: { ...KIOSK_HEADERS, ...headers, ...(cookie ? { cookie } : {}), ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
    ...(method === 'POST' ? { body: JSON.stringify(input ?? null) } : {}),
  });
  const body = await res.json();
  if (!res.ok || !body.result) throw new Error(`${path} failed (${res.status}): ${body.error?.message ?? 'no result'}`);
  return { data: body.result.data, cookies: res.headers.getSetCookie().map((c) => c.split(';')[0]) };
}

/** Signs in the bench admin and makes a class of learners; returns the cookie and the learner ids. */
export async function adminWithClass(url, size = BULK_MAX_LEARNERS) {
  const login = await call(url, 'auth.login', { input: BENCH_ADMIN });
  const admin = login.cookies.join('; ');
  const learnerIds = [];
  for (let i = 0; i < size; i++) {
    learnerIds.push((await call(url, 'learners.create', { cookie: admin, input: { name: `Learner ${i}`, consent: true } })).data.id);
  }
  return { admin, learnerIds };
}

/** Mints `count` pending sessions by class starts; returns their one-shot codes. */
export async function mintCodes(url, { admin, learnerIds }, count) {
  const codes = [];
  while (codes.length < count) {
    const { data } = await call(url, 'sessions.startBulk', { cookie: admin, input: { learnerIds, durationMin: 240, onExisting: 'keep' } });
    codes.push(...data.sessions.map((s) => s.redemptionCode));
  }
  return codes.slice(0, count);
}

/** Redeems codes as a tablet would (a few at a time); returns each session's kiosk cookie. */
export async function redeemAll(url, codes, inFlight = 8) {
  const cookies = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < codes.length) {
        const code = codes[next++];
        cookies.push((await call(url, 'kiosk.redeem', { input: { code } })).cookies.join('; '));
      }
    }),
  );
  return cookies;
}

/*
 * The measured requests, as load specs (bench/lib/load.mjs): pnpm bench, bench:hot and
 * bench:profile all send the same ones.
 */

/** kiosk.me with each tablet's cookie in turn. */
export const meLoad = (cookies) => ({ path: '/trpc/kiosk.me', headers: KIOSK_HEADERS, cookies });

/** kiosk.redeem, a code each (the bodies a run uses: redeemBodies). */
export const redeemLoad = (bodies) => ({ path: '/trpc/kiosk.redeem', method: 'POST', headers: KIOSK_HEADERS, ...(bodies ? { bodies } : {}) });

export const redeemBodies = (codes) => codes.map((code) => JSON.stringify({ code }));

/** sessions.start for the class's learners over and over: "keep" their earlier sessions (the start path, not the refusal). */
export const startLoad = ({ admin, learnerIds }) => ({
  path: '/trpc/sessions.start',
  method: 'POST',
  headers: { cookie: admin },
  bodies: learnerIds.map((learnerId) => JSON.stringify({ learnerId, onExisting: 'keep' })),
});
