import { initTRPC, TRPCError } from '@trpc/server';
import { ADMIN_COOKIE, KIOSK_COOKIE, hiddenCharacterMessage, type ErrorReason, type SessionState } from '@perch/shared';
import type { Context } from './context';
import { LearnerHasSessionError, PerchError } from './platform/errors';
import { classifyUnavailable, logUnavailable, unavailable } from './platform/unavailable';
import { findAdminBySessionToken } from './auth/auth.service';
import { KIOSK_ACTING_STATES, KIOSK_READING_STATES, findKioskSession, wasForceEnded } from './kiosk/kiosk.service';
import { deviceHash } from './kiosk/device';
import { markTokenSeen } from './kiosk/recover';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined;
    const causeIssues = Array.isArray(cause?.issues) ? cause.issues : null;
    const issues = error.code === 'BAD_REQUEST' ? causeIssues : null;
    // A refusal of another kind (a conflict) may name parts of the input too, keeping its own message.
    const fieldIssues = issues ?? (error instanceof PerchError ? causeIssues : null);
    const badJson = error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError;
    const reason: ErrorReason | null =
      error instanceof PerchError ? error.reason : issues || badJson ? 'VALIDATION' : null;
    return {
      ...shape,
      // A person reads `message`: for bad input, the schema's own sentences rather than raw JSON
      // or parser output.
      message: issues
        ? issues.map((i) => i.message).join(' ')
        : badJson
          ? 'The request is not valid JSON.'
          : error.code === 'PAYLOAD_TOO_LARGE'
            ? 'That request is too large.'
            : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        reason,
        retryAfterSec: error instanceof PerchError ? (error.retryAfterSec ?? null) : null,
        /** The learner's sessions a start would have doubled (LEARNER_HAS_SESSION); see existing.ts. */
        existingSessions: error instanceof LearnerHasSessionError ? error.existingSessions : null,
        fieldErrors: fieldIssues
          ? Object.fromEntries(fieldIssues.map((i) => [i.path.map(String).join('.') || '_', i.message]))
          : null,
      },
    };
  },
  sse: {
    // Keeps proxies from closing idle event streams, and lets the client notice a dead one.
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 15_000 },
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure's one guard, in one middleware (each level of tRPC's chain copies the call's
 * options, so two would cost every call a copy more). Before the procedure: any input carrying a
 * NUL is refused with a sentence (see findNul). After it: the one place unexpected failures become
 * answers. A database or Redis out of reach (or too slow, or too busy) is a 503 with Retry-After
 * and a sentence: the same request may simply work in a few seconds. Anything else is hidden
 * behind a plain sentence, its detail in the server log. Live streams get the same treatment for
 * failures after they have started.
 */
const guard = t.middleware(async ({ ctx, next, path, getRawInput }) => {
  const nul = await nulInInput(getRawInput);
  if (nul) throw new PerchError('BAD_REQUEST', 'VALIDATION', hiddenCharacterMessage(nul));
  const result = await next();
  if (result.ok) {
    return isAsyncIterable(result.data) ? { ...result, data: withPublicErrors(result.data, path) } : result;
  }
  const error = toPublicError(result.error, path);
  if (error === result.error) return result;
  if (error instanceof PerchError && error.retryAfterSec) ctx.res.setHeader('Retry-After', String(error.retryAfterSec));
  return { ...result, error };
});

function toPublicError(error: TRPCError, path: string): TRPCError {
  if (error.code !== 'INTERNAL_SERVER_ERROR' || error instanceof PerchError) return error;
  const cause = error.cause ?? error;
  const kind = classifyUnavailable(cause);
  if (kind) {
    logUnavailable(path, cause);
    return unavailable(kind);
  }
  console.error(`[perch] ${path} failed:`, cause);
  error.message = 'Something went wrong on our side. Please try again.';
  return error;
}

async function* withPublicErrors<T>(stream: AsyncIterable<T>, path: string): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (err) {
    throw toPublicError(err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: err }), path);
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * The path of a string in `value` (keys included) that holds a NUL, or null. PostgreSQL
 * cannot store NUL and no field needs it, so whatever a schema lets through, it never reaches the
 * database. Iterative: a deeply nested input cannot exhaust the stack.
 */
function findNul(value: unknown): PropertyKey[] | null {
  const stack: [unknown, PropertyKey[]][] = [[value, []]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) {
        const childPath = [...path, Array.isArray(item) ? Number(key) : key];
        if (key.includes('\u0000')) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return null;
}

/** Where the raw input holds a NUL (see findNul), or null. */
async function nulInInput(getRawInput: () => Promise<unknown>): Promise<PropertyKey[] | null> {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    // Unreadable input (no body at all, as tRPC's httpLink sends a mutation without input, or bad
    // JSON) is the input parser's to judge: a procedure with an input refuses it there with the
    // same 400, and one without never reads it. Either way nothing unread reaches the database.
    return null;
  }
  return findNul(raw);
}

export const publicProcedure = t.procedure.use(guard);

/** Signed-in admins only; `ctx.admin` is who they are. */
export const adminProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const token = ctx.req.cookies[ADMIN_COOKIE];
  const admin = token ? await findAdminBySessionToken(ctx, token) : null;
  if (!admin) throw new PerchError('UNAUTHORIZED', 'NOT_SIGNED_IN', 'Please sign in as an admin to do that.');
  return next({ ctx: { admin } });
});

/** A kiosk whose cookie names a session in one of `states`; `ctx.kioskSession` is that session. */
function kioskAuth(states: readonly SessionState[]) {
  return publicProcedure.use(async ({ ctx, next }) => {
    const token = ctx.req.cookies[KIOSK_COOKIE];
    const kioskSession = token ? await findKioskSession(ctx, token, deviceHash(ctx.req), states) : null;
    if (!kioskSession) {
      if (token) ctx.res.clearCookie(KIOSK_COOKIE);
      const forced = token ? await wasForceEnded(ctx, token, deviceHash(ctx.req)) : false;
      throw new PerchError('UNAUTHORIZED', forced ? 'SESSION_FORCE_ENDED' : 'SESSION_ENDED', 'This tablet has no active session. Scan your code to start.');
    }
    await markTokenSeen(ctx, kioskSession);
    return next({ ctx: { kioskSession } });
  });
}

/** A kiosk whose session is running (active or locked): the only kind that may act. */
export const kioskProcedure = kioskAuth(KIOSK_ACTING_STATES);
/**
 * Reading only (`kiosk.me`, `kiosk.events`): also admits a session an admin has just ended, so the
 * tablet can show its goodbye. Once the learner finishes, the cookie stops reading too.
 */
export const kioskReadProcedure = kioskAuth(KIOSK_READING_STATES);
