import type { Request, RequestHandler, Response } from 'express';
import { TRPCError, callTRPCProcedure, getTRPCErrorFromUnknown, isTrackedEnvelope, type AnyTRPCRouter } from '@trpc/server';
import { isObservable, observableToAsyncIterable } from '@trpc/server/observable';
import { getErrorShape, isAbortError } from '@trpc/server/unstable-core-do-not-import';
import { isJsonOrNone, procedurePath, queryParams } from './trpc-request';

/**
 * tRPC subscriptions (`kiosk.events`, the admin's live pages), served over server-sent events
 * straight onto the Node response. tRPC's own adapter turns each connection into a Fetch Request
 * with its AbortSignals and pipes a chain of web streams (ReadableStream, TransformStream,
 * TextEncoderStream, WritableStream) into the socket, with a ping timer of its own: about 60 KiB
 * of heap per open stream, most of it for as long as the stream stays open. A school's tablets
 * hold thousands open.
 *
 * This writes the same wire format tRPC's sseStreamProducer does (`connected` with the client
 * options, each value as `data:` JSON through the router's transformer, `id:` for tracked()
 * values and the `restore-id` dance after a Last-Event-ID, `ping`, `return`, and
 * `serialized-error` with the error formatter's shape), with the same headers, after calling the
 * procedure through tRPC itself, so every middleware (auth, device binding, errors) runs as
 * before. Pings come from one timer for all streams. A request this does not handle the same
 * way tRPC would (a batch, an input or connection params in the URL, anything but a GET
 * subscription) goes on to tRPC's adapter.
 *
 * Written against @trpc/server 11.22.1 (pinned): the SSE test compares the two byte for byte.
 */
export function serveSubscriptions<TContext>(
  router: AnyTRPCRouter,
  createContext: (req: Request, res: Response) => TContext,
): RequestHandler & { openStreams: () => number } {
  const config = router._def._config;
  const sse = config.sse ?? {};
  if (sse.maxDurationMs || sse.emitAndEndImmediately) {
    throw new Error('serveSubscriptions does not implement sse.maxDurationMs or sse.emitAndEndImmediately; add them here first.');
  }
  const serialize = (value: unknown) => JSON.stringify(config.transformer.output.serialize(value));
  const connected = frame({ event: 'connected', data: JSON.stringify(sse.client ?? {}) });
  const streams = new OpenStreams(sse.ping?.enabled ? (sse.ping.intervalMs ?? TRPC_DEFAULT_PING_MS) : null);

  const handler: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || sse.enabled === false) return next();
    const path = procedurePath(req);
    if (path === null || router._def.procedures[path]?._def.type !== 'subscription') return next();
    const params = queryParams(req);
    if (params && (params.has('batch') || params.has('input') || params.has('connectionParams'))) return next();
    if (!isJsonOrNone(req.get('content-type'))) return next();
    const lastEventId = req.get('last-event-id') ?? params?.get('lastEventId') ?? params?.get('Last-Event-Id') ?? null;
    void stream(req, res, path, lastEventId).catch((err: unknown) => {
      console.error(`[perch] ${path}: the event stream failed:`, err);
      res.destroy();
    });
  };
  /** How many streams are open (for tests: a closed one leaves nothing behind). */
  return Object.assign(handler, { openStreams: () => streams.size });

  async function stream(req: Request, res: Response, path: string, lastEventId: string | null) {
    const abort = new AbortController();
    const onClose = () => abort.abort();
    res.once('close', onClose);
    let ctx: TContext | undefined;
    let iterable: AsyncIterable<unknown> | undefined;
    let failure: TRPCError | undefined;
    try {
      ctx = createContext(req, res);
      const data = await callTRPCProcedure({
        router,
        path,
        type: 'subscription',
        ctx,
        signal: abort.signal,
        batchIndex: 0,
        // As tRPC reads a subscription's input: none in the URL, so the Last-Event-ID alone.
        getRawInput: async () => (lastEventId ? { lastEventId } : undefined),
      });
      if (isObservable(data)) iterable = observableToAsyncIterable(data, abort.signal);
      else if (isAsyncIterable(data)) iterable = data;
      else throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: `Subscription ${path} did not return an observable or a AsyncGenerator` });
    } catch (cause) {
      failure = getTRPCErrorFromUnknown(cause);
    }
    if (abort.signal.aborted) return;

    for (const [name, value] of SSE_HEADERS) res.setHeader(name, value);
    // On their own, before the first message: the header block then goes to the socket as the
    // one string Node keeps for the response's life, and V8 flattens it there (~3 KiB less per
    // open stream than the rope of ~70 pieces it is built as).
    res.flushHeaders();
    const open = streams.add(res);
    // An id with these characters cannot be sent back in an `id` field.
    let lastId = lastEventId && !/[\0\n\r]/.test(lastEventId) ? lastEventId : null;
    try {
      open.write(connected);
      if (failure) throw failure;
      for await (const value of iterable!) {
        if (abort.signal.aborted) break;
        let message: string;
        if (isTrackedEnvelope(value)) {
          lastId = value[0];
          message = frame({ data: serialize(value[1]), id: value[0] });
        } else if (lastId === null) {
          message = frame({ data: serialize(value) });
        } else {
          // EventSource gives an event without an `id` the last id it received: clear it for this
          // one, then set it back with an event clients do not listen to (as tRPC does).
          message = frame({ data: serialize(value), id: '' }) + frame({ event: 'restore-id', data: '', id: lastId });
        }
        if (!open.write(message)) await drained(res);
      }
      if (!abort.signal.aborted) open.write(frame({ event: 'return', data: '' }));
    } catch (cause) {
      if (!abort.signal.aborted && !isAbortError(cause)) {
        const error = getTRPCErrorFromUnknown(cause);
        const shape = getErrorShape({ config, ctx, error, input: undefined, path, type: 'subscription' });
        open.write(frame({ event: 'serialized-error', data: serialize(shape) }));
      }
    } finally {
      streams.delete(open);
      res.off('close', onClose);
      res.end();
    }
  }
}

/** tRPC's ping interval when `sse.ping.intervalMs` is not set. */
const TRPC_DEFAULT_PING_MS = 1000;

/** The headers tRPC's adapter sets on an event stream, in its order. */
const SSE_HEADERS: [string, string][] = [
  ['vary', 'trpc-accept, accept'],
  ['content-type', 'text/event-stream'],
  ['cache-control', 'no-cache, no-transform'],
  ['x-accel-buffering', 'no'],
  ['connection', 'keep-alive'],
];

/** One SSE message as tRPC's sseStreamProducer spells it (fields in its order, then a blank line). */
function frame(message: { event?: string; data: string; id?: string }): string {
  return `${message.event === undefined ? '' : `event: ${message.event}\n`}data: ${message.data}\n${message.id === undefined ? '' : `id: ${message.id}\n`}\n\n`;
}

const PING = frame({ event: 'ping', data: '' });

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/** Waits until the client has taken what was written (or has gone). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** An open event stream: its response, and when it was last written to (for the pings). */
class OpenStream {
  lastWriteAt = Date.now();
  constructor(readonly res: Response) {}

  write(message: string): boolean {
    this.lastWriteAt = Date.now();
    return this.res.write(message);
  }
}

/**
 * The open streams, and the one timer that pings those with nothing to say: a stream idle for the
 * ping interval gets a `ping` (as tRPC's per-stream timer would send it), checked ten times an
 * interval, so the client's inactivity timeout never sees a live stream go quiet.
 */
class OpenStreams {
  private readonly open = new Set<OpenStream>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pingMs: number | null) {}

  get size(): number {
    return this.open.size;
  }

  add(res: Response): OpenStream {
    const stream = new OpenStream(res);
    this.open.add(stream);
    if (this.pingMs && !this.timer) {
      this.timer = setInterval(() => this.ping(), this.pingMs / 10);
      this.timer.unref();
    }
    return stream;
  }

  delete(stream: OpenStream) {
    this.open.delete(stream);
    if (this.open.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private ping() {
    const due = Date.now() - this.pingMs!;
    for (const stream of this.open) {
      // A client that is not reading gets no more pings piling up meanwhile.
      if (stream.lastWriteAt <= due && !stream.res.writableNeedDrain) stream.write(PING);
    }
  }
}
