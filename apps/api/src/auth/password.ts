import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane).
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the email is unknown keeps response time from revealing which emails
 * exist. It is computed at start-up (`primeDummyPasswordHash`, from createServices), so the first
 * sign-in with an unknown email takes no longer than any other.
 */
let dummyHash: string | undefined;
let priming: Promise<string> | undefined;
export async function primeDummyPasswordHash(): Promise<void> {
  priming ??= hashPassword('perch-timing-equaliser');
  dummyHash = await priming;
}
export function dummyPasswordHash(): string {
  if (dummyHash === undefined) throw new Error('The dummy password hash is computed at start-up; call primeDummyPasswordHash() first.');
  return dummyHash;
}
