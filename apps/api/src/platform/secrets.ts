import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_ALPHABET, CODE_LENGTH, PERCH_SECRET_MIN, SESSION_TOKEN_BYTES } from '@perch/shared';
import type { Config } from '../config';
import { ensurePrivateDir, makePrivate } from './private-files';

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
  return crypto.hash('sha256', token, 'hex');
}

/**
 * Codes carry only ~40 bits, so a plain hash could be brute-forced from a dump within their TTL.
 * Keying the hash with a secret kept outside the database closes that door.
 */
export function hashCode(canonicalCode: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(canonicalCode).digest('hex');
}

/**
 * The code-hashing secret: PERCH_SECRET, or the contents of PERCH_SECRET_FILE; otherwise, for the
 * embedded SQLite setup, one generated on first start and kept beside the database file (0600).
 * A secret from a file is held to the same minimum as PERCH_SECRET: a short or empty one would key
 * the codes' hashes with next to nothing, so Perch refuses to start and names the file.
 */
export function resolveSecret(config: Pick<Config, 'PERCH_SECRET' | 'PERCH_SECRET_FILE' | 'DATABASE_URL'>): string {
  if (config.PERCH_SECRET) return config.PERCH_SECRET;
  if (config.PERCH_SECRET_FILE) return readSecretFile(config.PERCH_SECRET_FILE);
  if (/^postgres(ql)?:\/\//.test(config.DATABASE_URL)) {
    throw new Error(
      `Set PERCH_SECRET or PERCH_SECRET_FILE (at least ${PERCH_SECRET_MIN} random characters, the same on every instance) when using PostgreSQL.`,
    );
  }
  const dbFile = config.DATABASE_URL.replace(/^sqlite:(\/\/)?/, '');
  const dir = dbFile === ':memory:' ? path.resolve('data') : path.dirname(path.resolve(dbFile));
  const file = path.join(dir, 'perch.secret');
  ensurePrivateDir(dir);
  try {
    // `wx`: of two instances starting at once, one writes and both read the same secret.
    fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  makePrivate(file);
  return readSecretFile(file);
}

function readSecretFile(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (err as Error).message;
    throw new Error(`Perch cannot read its secret from ${file}: ${why}.`);
  }
  // Mounted secrets often end with a newline; it is not part of the key.
  const secret = text.trim();
  if (secret.length < PERCH_SECRET_MIN) {
    throw new Error(
      `${file} holds ${secret ? `a secret of only ${secret.length} characters` : 'no secret'}: ` +
        `it must be at least ${PERCH_SECRET_MIN} random characters, as PERCH_SECRET must.`,
    );
  }
  return secret;
}
