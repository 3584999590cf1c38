import type http from 'node:http';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { TRPCError, callTRPCProcedure, getTRPCErrorFromUnknown, type AnyTRPCRouter } from '@trpc/server';
import {
  getErrorShape,
  getHTTPStatusCode,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
} from '@trpc/server/unstable-core-do-not-import';
import { withHeaders } from './front';
import { asksForStream, isJson, isJsonOrNone, procedurePath, queryParams } from './trpc-request';

/**
 * Single (unbatched) tRPC queries and mutations, answered straight onto the Node response: the
 * hottest requests (`kiosk.me`, `kiosk.redeem`). tRPC's own adapter turns each request into a
 * Fetch Request with AbortSignals and streams its one small JSON answer back through web
 * streams, a chunk at a time: about a third of a `kiosk.me`'s CPU.
 *
 * This reads the input as tRPC's JSON handler does (`?input=` on a GET, the body of a POST, at
 * most `maxBodySize` bytes, lazily, through the router's transformer), calls the procedure through
 * tRPC itself (callTRPCProcedure: every middleware, input and output parser runs as before) and
 * writes the same envelope (`{"result":{"data":…}}` or `{"error":…}` from the error formatter),
 * status and headers. It runs in front of Express (front.ts), after the same checks the app runs
 * before tRPC's adapter (security headers, Host and cross-site checks, batch limits, Cache-Control).
 * Anything else goes on to tRPC's adapter: batches, subscriptions, HEAD, a method the procedure
 * does not take, an unknown path, another content type, streamed (JSONL) answers, connection params.
 *
 * Written against @trpc/server 11.22.1 (pinned): single-calls.test.ts compares the two.
 */
export function serveSingleCalls<TContext>(
  router: AnyTRPCRouter,
  createContext: (req: Request, res: http.ServerResponse, headers: string[]) => TContext,
  options: { maxBodySize: number },
): SingleCalls {
  const config = router._def._config;

  /** The call this request makes, when it is one this answers; null for tRPC's adapter. */
  function claim(req: Request): SingleCall | null {
    const type = req.method === 'GET' ? 'query' : req.method === 'POST' ? 'mutation' : null;
    if (!type) return null;
    const path = procedurePath(req);
    if (path === null || router._def.procedures[path]?._def.type !== type) return null;
    const params = queryParams(req);
    if (params && (params.has('batch') || params.has('connectionParams'))) return null;
    const contentType = req.headers['content-type'];
    if (!(type === 'query' ? isJsonOrNone(contentType) : isJson(contentType)) || asksForStream(req)) return null;
    return { type, path, params };
  }

  function answerCall(req: Request, body: Readable, res: http.ServerResponse, call: SingleCall, head: readonly string[]) {
    void answer(req, body, res, call, head).catch((err: unknown) => {
      console.error(`[perch] ${call.path}: could not answer:`, err);
      res.destroy();
    });
  }
  return { claim, answer: answerCall, headers: ANSWER_HEADERS };

  async function answer(req: Request, body: Readable, res: http.ServerResponse, { type, path, params }: SingleCall, head: readonly string[]) {
    const input = lazyInput(body, type, params, options.maxBodySize, config.transformer.input.deserialize);
    let ctx: TContext | undefined;
    // What the procedure adds to the answer's head (its cookies): written with the rest, below.
    const headers: string[] = [];
    let reply: { result: { data: unknown } } | { error: unknown };
    try {
      ctx = createContext(req, res, headers);
      // No signal: tRPC's adapter gives every call one that aborts when the client leaves, but only
      // subscriptions read it (they never come here), and an AbortController per request costs a
      // hot call several percent of its CPU.
      const data = await callTRPCProcedure({ router, path, type, ctx, signal: undefined, batchIndex: 0, getRawInput: input.read });
      if (isDataStream(data)) {
        throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Cannot use stream-like response in non-streaming request - use httpBatchStreamLink' });
      }
      reply = { result: { data } };
    } catch (cause) {
      const error = getTRPCErrorFromUnknown(cause);
      reply = { error: getErrorShape({ config, ctx, error, input: input.result(), path, type }) };
    }
    const status = res.statusCode === 200 ? getHTTPStatusCode(reply as Parameters<typeof getHTTPStatusCode>[0]) : res.statusCode;
    const json = JSON.stringify(transformTRPCResponse(config, reply as Parameters<typeof transformTRPCResponse>[1]));
    // The whole head at once, with what the procedure added and the length Node would have added;
    // then one write: the header block and the body leave together.
    const length = ['content-length', String(Buffer.byteLength(json))];
    res.writeHead(status, headers.length === 0 ? head.concat(length) : withHeaders(head, headers.concat(length)));
    res.end(json);
  }
}

/** The headers of every answer, as [name, value, …], as tRPC's adapter sends them. */
const ANSWER_HEADERS: readonly string[] = ['vary', 'trpc-accept, accept', 'content-type', 'application/json'];

/**
 * Single calls: which requests are one (claim), and answering one (the body is read from `body`;
 * `head` is the whole head but what the call itself adds: the mount's fixed headers and `headers`).
 */
export interface SingleCalls {
  claim(req: Request): SingleCall | null;
  answer(req: Request, body: Readable, res: http.ServerResponse, call: SingleCall, head: readonly string[]): void;
  readonly headers: readonly string[];
}

/** A single query or mutation, as claimed from its request. */
export interface SingleCall {
  type: 'query' | 'mutation';
  path: string;
  params: URLSearchParams | null;
}

/**
 * The call's input, read on first use (a procedure without input may never ask) and once, as
 * tRPC's JSON handler reads it: anything unreadable is a BAD_REQUEST whose cause is the
 * parser's error, a body over the limit a PAYLOAD_TOO_LARGE.
 */
function lazyInput(
  body: Readable,
  type: 'query' | 'mutation',
  params: URLSearchParams | null,
  maxBodySize: number,
  deserialize: (value: unknown) => unknown,
) {
  let pending: Promise<unknown> | null = null;
  let read = false;
  let value: unknown;
  const parse = async () => {
    const text = type === 'query' ? params?.get('input') || undefined : await readBody(body, maxBodySize);
    // tRPC reads the body with Request.json(), which drops a byte order mark first.
    const raw: unknown = text === undefined ? undefined : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return raw === undefined ? undefined : deserialize(raw);
  };
  return {
    read: (): Promise<unknown> =>
      (pending ??= parse().then(
        (parsed) => {
          read = true;
          value = parsed;
          return parsed;
        },
        (cause: unknown) => {
          if (cause instanceof TRPCError) throw cause;
          throw new TRPCError({ code: 'BAD_REQUEST', message: cause instanceof Error ? cause.message : 'Invalid input', cause });
        },
      )),
    result: (): unknown => (read ? value : undefined),
  };
}

/** The request's body as text, refused once it passes `maxBytes` (as tRPC's adapter counts it). */
function readBody(req: Readable, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      done();
      reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onClose = () => {
      done();
      reject(new TRPCError({ code: 'CLIENT_CLOSED_REQUEST', message: 'The client went away before sending the whole request.' }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/** What tRPC refuses to answer a single call with: something that would have to be streamed. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  const values = Object.values(value);
  return values.some(isPromise) || values.some(isAsyncIterable);
}
