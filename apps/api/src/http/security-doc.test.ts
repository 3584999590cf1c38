import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ADMIN_SESSION_TTL_MS,
  AUDIT_PAGE,
  AUDIT_RETENTION_DAYS_DEFAULT,
  CODE_ALPHABET,
  CODE_LENGTH,
  CODE_TTL_MS,
  BULK_MAX_LEARNERS,
  CLASS_CARD_LIFE_MIN,
  ENROLL_CODE_TTL_MS,
  LEARNERS_ADD_MANY_MAX,
  LEARNERS_LIST,
  REQUEST_BODY_MAX_BYTES,
  PERCH_SECRET_MIN,
  RATE_LIMITS,
  REDIS_COMMAND_TIMEOUT_MS,
  RETENTION_DAYS_DEFAULT,
  SESSIONS_LIST,
  SESSION_TOKEN_BYTES,
  SETUP_TOKEN_TTL_MS,
  THROTTLE,
  TRPC_BATCH_MAX,
  UNBATCHED_PROCEDURES,
} from '@perch/shared';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const doc = fs.readFileSync(path.join(repoRoot, 'docs/SECURITY.md'), 'utf8');

const MINUTE = 60_000;
const LIVE_CODES = 1_000;
const grouped = (n: number) => n.toLocaleString('en-US');
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => `${n < 0 ? '⁻' : ''}${[...String(Math.abs(n))].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
/** 7.7 × 10⁻⁷, as the page writes it. */
function scientific(x: number, digits = 1): string {
  const exponent = Math.floor(Math.log10(x));
  return `${(x / 10 ** exponent).toFixed(digits)} × 10${sup(exponent)}`;
}

/** The arithmetic of docs/SECURITY.md, recomputed from the constants Perch actually runs with. */
describe('docs/SECURITY.md agrees with packages/shared', () => {
  const space = CODE_ALPHABET.length ** CODE_LENGTH;
  const ttlMin = CODE_TTL_MS / MINUTE;
  const global = RATE_LIMITS.redeemFailuresGlobal;
  const perIp = RATE_LIMITS.redeemFailuresPerIp;
  // A TTL-long stretch touches at most TTL/window + 1 fixed windows (a partial one at each end).
  const globalWindows = Math.ceil(CODE_TTL_MS / global.windowMs) + 1;
  const perIpWindows = Math.ceil(CODE_TTL_MS / perIp.windowMs) + 1;
  const maxGuesses = globalWindows * global.max;
  const pAny = (maxGuesses * LIVE_CODES) / space;

  it('states the code space, alphabet and lifetime', () => {
    expect(doc).toContain(`\`${CODE_ALPHABET}\``);
    expect(doc).toContain(`${CODE_LENGTH} symbols from a ${CODE_ALPHABET.length}-symbol alphabet`);
    expect(doc).toContain(`S = ${CODE_ALPHABET.length}${sup(CODE_LENGTH)} = **${grouped(space)}**`);
    expect(doc).toContain(`2^${Math.log2(space).toFixed(1)}`);
    expect(doc).toContain(`\`CODE_TTL_MS\` = **${ttlMin} minutes**`);
  });

  it('states the throttles Perch enforces by default', () => {
    expect(perIp.windowMs).toBe(CODE_TTL_MS); // the page says "in 10 minutes" for both
    expect(doc).toContain(`\`REDEEM_FAILURES_PER_IP\` = **${perIp.max}** wrong codes in ${perIp.windowMs / MINUTE} minutes`);
    expect(global.windowMs).toBe(MINUTE);
    expect(doc).toContain(`\`REDEEM_FAILURES_GLOBAL_PER_MIN\` = **${global.max}** wrong codes in a minute`);
    expect(RATE_LIMITS.sessionStart.windowMs).toBe(MINUTE);
    expect(doc).toContain(`\`RATE_LIMIT_SESSION_START_PER_MIN\` =\n**${RATE_LIMITS.sessionStart.max}** session starts per admin per minute`);
    expect(RATE_LIMITS.classStart.windowMs).toBe(MINUTE);
    expect(doc).toContain(`\`RATE_LIMIT_CLASS_START_PER_MIN\` = **${RATE_LIMITS.classStart.max}** class starts per admin per minute`);
    expect(doc).toContain(`(at most ${BULK_MAX_LEARNERS} learners)`);
  });

  it('states the enrolled-mode arithmetic', () => {
    const perTablet = RATE_LIMITS.redeemFailuresPerTablet;
    const windowMin = perTablet.windowMs / MINUTE;
    expect(doc).toContain(`\`RATE_LIMITS.redeemFailuresPerTablet\` = **${perTablet.max}** wrong codes in ${windowMin}\nminutes`);
    const lifeDays = CLASS_CARD_LIFE_MIN.max / (24 * 60);
    expect(doc).toContain(`up to **${lifeDays} days**`);
    const windows = Math.ceil((CLASS_CARD_LIFE_MIN.max * MINUTE) / perTablet.windowMs) + 1;
    const perLife = windows * perTablet.max;
    expect(doc).toContain(`A ${lifeDays}-day stretch touches at most\n${windows} ${['zero', 'one', 'two', 'three', 'four', 'five'][windowMin]}-minute windows`);
    expect(doc).toContain(`${windows} × ${perTablet.max} = ${grouped(perLife)} wrong codes per card\nlife`);
    expect(doc).toContain(`P ≤ ${grouped(perLife)} × ${grouped(LIVE_CODES)} / S ≈ ${scientific((perLife * LIVE_CODES) / space)}`);
    const tablets = 30;
    expect(doc).toContain(`G = ${tablets} × ${grouped(perLife)} = ${grouped(tablets * perLife)} and P ≤ ${scientific((tablets * perLife * LIVE_CODES) / space)}`);
    const ttlWindows = Math.ceil(CODE_TTL_MS / perTablet.windowMs) + 1;
    expect(doc).toContain(`one tablet gets ${ttlWindows} × ${perTablet.max} = ${ttlWindows * perTablet.max} guesses per TTL (P ≤ ${scientific((ttlWindows * perTablet.max * LIVE_CODES) / space)})`);
    expect(ENROLL_CODE_TTL_MS).toBe(CODE_TTL_MS);
  });

  it('states the sign-in throttles', () => {
    const { loginFailuresPerAccountAddress: pair, loginFailuresPerIp: perAddress, loginFailuresPerAccount: perAccount } = RATE_LIMITS;
    const windowMin = pair.windowMs / MINUTE;
    expect([perAddress.windowMs, perAccount.windowMs]).toEqual([pair.windowMs, pair.windowMs]);
    expect(doc).toContain(
      `${pair.max} failures per account from one address, ${perAddress.max} per address and ${perAccount.max} per account from anywhere, per ${windowMin} minutes`,
    );
    expect(doc).toContain(`Failures are capped, per ${windowMin} minutes, at ${pair.max} per account from one address`);
    expect(doc).toContain(`${perAddress.max} per address whatever the accounts`);
    expect(doc).toContain(`and ${perAccount.max} per\naccount from anywhere`);
    expect(doc).toContain(`it takes ${perAccount.max / pair.max} addresses failing ${pair.max} times each`);
  });

  it('states the first-run set-up link', () => {
    const { setupFailuresPerIp: perAddress, setupFailuresGlobal: overall } = RATE_LIMITS;
    expect(overall.windowMs).toBe(perAddress.windowMs);
    expect(doc).toContain(`draws a token of ${SESSION_TOKEN_BYTES} bytes (${SESSION_TOKEN_BYTES * 8} bits)`);
    expect(doc).toContain(`\`SETUP_TOKEN_TTL_MS\` = **${SETUP_TOKEN_TTL_MS / (60 * MINUTE)} hours**`);
    expect(doc).toContain(`per ${perAddress.windowMs / MINUTE} minutes, at\n  ${perAddress.max} per address and ${overall.max} from anywhere`);
  });

  it('states how attempts in flight are held, and the odds while Redis is unreachable', () => {
    expect(doc).toContain(`\`THROTTLE.waitMaxMs\` = ${THROTTLE.waitMaxMs / 1000} seconds`);
    expect(doc).toContain(`\`THROTTLE.leaseMs\` = ${THROTTLE.leaseMs / 1000} seconds`);
    expect(doc).toContain(`\`REDIS_COMMAND_TIMEOUT_MS\` = ${REDIS_COMMAND_TIMEOUT_MS} ms`);
    const instances = 4;
    const share = Math.floor(global.max / instances);
    expect(doc).toContain(`with \`PERCH_INSTANCES\` = ${instances}, each instance allows\n${global.max} / ${instances} = ${share} wrong codes a minute`);
    expect(doc).toContain(`${instances} × ${share} = ${instances * share}`);
    expect(instances * share).toBeLessThanOrEqual(global.max);
    // Left at 1 with four instances: each allows the whole ceiling.
    const perMinute = instances * global.max;
    const guesses = globalWindows * perMinute;
    expect(doc).toContain(`Left at 1 with ${instances}\ninstances, the ceiling while degraded is ${instances} × ${global.max} = ${perMinute} wrong codes a minute`);
    expect(doc).toContain(`G = ${globalWindows} × ${perMinute} =\n${grouped(guesses)} guesses per TTL`);
    expect(doc).toContain(`P ≤ ${grouped(guesses)} × ${grouped(LIVE_CODES)} / S ≈ ${scientific((guesses * LIVE_CODES) / space)}`);
  });

  it('bounds the chance of guessing any of 1,000 live codes within a TTL below one in a million', () => {
    expect(doc).toContain(`G = ${globalWindows} × ${global.max} = **${maxGuesses}**`);
    expect(doc).toContain(`at most ${globalWindows} one-minute global windows`);
    expect(doc).toContain(`${maxGuesses} × ${grouped(LIVE_CODES)} / ${grouped(space)} ≈ **${scientific(pAny)}**`);
    expect(pAny).toBeLessThan(1e-6);

    const perIpGuesses = perIpWindows * perIp.max;
    expect(doc).toContain(`${perIpWindows} × ${perIp.max} = ${perIpGuesses} guesses per TTL`);
    expect(doc).toContain(`${perIpGuesses} × ${grouped(LIVE_CODES)} / S ≈ ${scientific((perIpGuesses * LIVE_CODES) / space)}`);
  });

  it('is honest about a day and a year of saturation', () => {
    const perDay = global.max * ((24 * 60 * MINUTE) / global.windowMs);
    const pDay = (perDay * LIVE_CODES) / space;
    expect(doc).toContain(`${global.max} × 1,440 = ${grouped(perDay)} guesses`);
    expect(doc).toContain(`P ≤ ${scientific(pDay)}`);
    const pYear = 1 - (1 - pDay) ** 365;
    expect(doc).toContain(`≈ ${(pYear * 100).toFixed(1)} %`);
  });

  it('states the batch cap, what travels alone, the page sizes and the shortest secret', () => {
    expect(doc).toContain(`\`TRPC_BATCH_MAX\` = **${TRPC_BATCH_MAX}** calls`);
    expect(doc).toContain(`${UNBATCHED_PROCEDURES.map((p) => `\`${p}\``).slice(0, -1).join(', ')} or \`${UNBATCHED_PROCEDURES.at(-1)}\``);
    expect(doc).toContain(`\`audit.list\` at **${AUDIT_PAGE.max}** entries (default ${AUDIT_PAGE.default})`);
    expect(doc).toContain(`\`sessions.list\` at **${SESSIONS_LIST.max}**`);
    expect(doc).toContain(`\`learners.list\` at **${LEARNERS_LIST.max}**`);
    expect(doc).toContain(`\`LEARNERS_ADD_MANY_MAX\` = **${LEARNERS_ADD_MANY_MAX}**`);
    expect(doc).toContain(`\`REQUEST_BODY_MAX_BYTES\` = **${grouped(REQUEST_BODY_MAX_BYTES)}** bytes`);
    expect(doc).toContain(`\`PERCH_SECRET_MIN\` = **${PERCH_SECRET_MIN}** characters`);
  });

  it('states token size, sign-in length and retention', () => {
    expect(doc).toContain(`${SESSION_TOKEN_BYTES} bytes (${SESSION_TOKEN_BYTES * 8} bits)`);
    expect(doc).toContain(`The admin sign-in lasts ${ADMIN_SESSION_TTL_MS / (60 * MINUTE)} hours`);
    expect(doc).toContain(`\`RETENTION_DAYS\` (default **${RETENTION_DAYS_DEFAULT}**)`);
    expect(doc).toContain(`\`AUDIT_RETENTION_DAYS\` (default **${AUDIT_RETENTION_DAYS_DEFAULT}**)`);
  });
});
