import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_ALPHABET, CODE_LENGTH, SESSION_TOKEN_BYTES } from '@perch/shared';

/** A fresh redemption code in canonical form, from the CSPRNG, each symbol uniform. */
export function generateCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return code;
}

/** A fresh bearer token (kiosk or admin cookie), base64url. */
export function generateToken(): string {
  return crypto.randomBytes(SESSION_TOKEN_BYTES).toString('base64url');
}

/** Tokens carry 256 random bits, so a plain SHA-256 is enough to make a dump useless. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * Codes carry only ~40 bits, so a plain hash could be brute-forced from a dump within their TTL.
 * Keying the hash with a secret kept outside the database closes that door.
 */
export function hashCode(canonicalCode: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(canonicalCode).digest('hex');
}

/**
 * The code-hashing secret: PERCH_SECRET when set; otherwise, for the embedded SQLite setup,
 * one generated on first start and kept beside the database file (mode 0600).
 */
export function resolveSecret(configured: string | undefined, databaseUrl: string): string {
  if (configured) return configured;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(
      'Set PERCH_SECRET (at least 32 random characters, the same on every instance) when using PostgreSQL.',
    );
  }
  const dbFile = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  const dir = dbFile === ':memory:' ? path.resolve('data') : path.dirname(path.resolve(dbFile));
  const file = path.join(dir, 'perch.secret');
  fs.mkdirSync(dir, { recursive: true });
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    const secret = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
