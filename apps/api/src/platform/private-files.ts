import fs from 'node:fs';
import path from 'node:path';

/** Owner only: the database, its WAL and the secret hold learners' records and key material. */
const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` and any missing parents for this user only. The mode given to mkdir passes through
 * the umask, so each folder this call created is chmod-ed afterwards; folders that already existed
 * (the working directory, a mounted volume) are left as their owner set them.
 */
export function ensurePrivateDir(dir: string): void {
  const target = path.resolve(dir);
  const first = fs.mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (first === undefined) return;
  for (let d = target; ; d = path.dirname(d)) {
    fs.chmodSync(d, PRIVATE_DIR_MODE);
    if (d === path.resolve(first) || d === path.dirname(d)) break;
  }
}

/** Sets `file` to owner-only read and write, creating it empty first when `create` is set; a missing file is skipped. */
export function makePrivate(file: string, { create = false } = {}): void {
  if (create) fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  try {
    fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
