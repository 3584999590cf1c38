import type { MintedSession } from '@perch/shared';

/** A signed-in admin talking to a running Perch over plain HTTP, as any tRPC client could. */
export interface AdminApi {
  mutation<T>(path: string, input: unknown): Promise<T>;
  query<T>(path: string, input?: unknown): Promise<T>;
  /** Mints a session for a new learner and returns what the admin would hand out. */
  mintSession(learnerName: string, options?: { idleLockMin?: number; durationMin?: number }): Promise<MintedSession>;
}

async function unwrap<T>(res: Response, path: string): Promise<T> {
  const body = (await res.json()) as { result?: { data: T }; error?: { message: string } };
  if (!res.ok || !body.result) throw new Error(`${path} failed (${res.status}): ${body.error?.message ?? 'no result'}`);
  return body.result.data;
}

export async function signInAdmin(baseUrl: string, admin: { email: string; password: string }): Promise<AdminApi> {
  const login = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  await unwrap(login, 'auth.login');
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error('auth.login set no cookie');

  const mutation = async <T>(path: string, input: unknown) =>
    unwrap<T>(
      await fetch(`${baseUrl}/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(input),
      }),
      path,
    );

  const query = async <T>(path: string, input?: unknown) =>
    unwrap<T>(
      await fetch(`${baseUrl}/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
        headers: { cookie },
      }),
      path,
    );
  return {
    mutation,
    query,
    async mintSession(learnerName, options = {}) {
      const learner = await mutation<{ id: string }>('learners.create', { name: learnerName, consent: true });
      return mutation<MintedSession>('sessions.start', { learnerId: learner.id, ...options });
    },
  };
}
