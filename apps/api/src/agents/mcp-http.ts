import express, { type Request, type RequestHandler, type Router } from 'express';
import { hostHeaderValidation, originValidation } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  OAuthError,
  OAuthErrorCode,
  ProtocolErrorCode,
  WebStandardStreamableHTTPServerTransport,
  bearerAuthChallengeResponse,
  createMcpHandler,
  isLegacyRequest,
  localhostAllowedHostnames,
  verifyBearerToken,
  type AuthInfo,
  type McpHandlerRequestOptions,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { RequestInfo, Services } from '../context';
import { classifyUnavailable, logUnavailable, unavailable } from '../platform/unavailable';
import type { AgentCaller } from './call';
import { authenticateGrant, type AuthenticatedGrant } from './grants.service';
import { buildMcpServer } from './mcp-server';

/** Largest JSON-RPC body /mcp reads (a class start of 50 ids is ~2 KB). */
const MCP_BODY_LIMIT = '100kb';

/**
 * Bearer secrets are looked up on every request, so a revoked or expired grant fails its next call
 * on any instance. The same query reads the policy's version, which the call then obeys.
 */
function grantVerifier(services: Services): OAuthTokenVerifier {
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      const verified = await authenticateGrant(services, token);
      if (!verified) {
        throw new OAuthError(
          OAuthErrorCode.InvalidToken,
          'This agent grant is unknown, revoked or expired. Ask a Perch admin for a new one.',
        );
      }
      const { grant, policyVersion } = verified;
      return { token, clientId: grant.id, scopes: [], expiresAt: Math.floor(grant.expiresAt / 1000), extra: { grant, policyVersion } };
    },
  };
}

/**
 * The SDK's Bearer check (requireBearerAuth), except when the grant cannot be looked up because the
 * database is away: that is a 503 with Retry-After and a JSON-RPC error carrying the sentence, which
 * an agent (or its person) can act on, instead of the SDK's 500 "Internal Server Error".
 */
function grantBearerAuth(services: Services): RequestHandler {
  const options = { verifier: grantVerifier(services) };
  return async (req: Request & { auth?: AuthInfo }, res, next) => {
    try {
      req.auth = await verifyBearerToken(req.headers.authorization, options);
    } catch (err) {
      const kind = classifyUnavailable(err);
      if (kind) {
        logUnavailable('/mcp', err);
        const error = unavailable(kind);
        const id = (req.body as { id?: unknown } | undefined)?.id;
        res.setHeader('Retry-After', String(error.retryAfterSec));
        res.status(503).json({
          jsonrpc: '2.0',
          id: typeof id === 'string' || typeof id === 'number' ? id : null,
          error: { code: ProtocolErrorCode.InternalError, message: error.message, data: { reason: 'UNAVAILABLE', retryAfterSec: error.retryAfterSec } },
        });
        return;
      }
      if (!(err instanceof OAuthError)) console.error('[perch] /mcp: checking a grant failed:', err);
      const answer = bearerAuthChallengeResponse(err);
      const challenge = answer.headers.get('WWW-Authenticate');
      if (challenge !== null) res.setHeader('WWW-Authenticate', challenge);
      res.status(answer.status).json(await answer.json());
      return;
    }
    next();
  };
}

function callerOf(auth: AuthInfo | undefined): AgentCaller {
  const extra = auth?.extra as (Partial<AuthenticatedGrant> & { req?: RequestInfo }) | undefined;
  if (!extra?.grant || !extra.req) throw new Error('An /mcp request reached the server without a verified grant.');
  return { grant: extra.grant, req: extra.req, policyVersion: extra.policyVersion ?? null };
}

/**
 * 2025-era traffic (protocol revisions up to 2025-11-25, what most agents speak today), stateless: a
 * fresh server and transport per POST, answered as one JSON body. The SDK's own fallback answers it
 * as an SSE stream, which costs an agent's every call a stream set up, watched and torn down for
 * one message: Perch's tools send no progress or log notifications before their result, so nothing is lost.
 */
function legacyJsonHandler(services: Services) {
  return async (request: globalThis.Request, options: McpHandlerRequestOptions = {}): Promise<globalThis.Response> => {
    if (request.method !== 'POST') {
      return Response.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }, { status: 405, headers: { allow: 'POST' } });
    }
    const server = buildMcpServer(services, callerOf(options.authInfo));
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, options);
    } finally {
      void transport.close().catch(() => {});
      void server.close().catch(() => {});
    }
  };
}

/**
 * `/mcp`: Streamable HTTP for AI agents, stateless (a fresh MCP server per request), in the same
 * process as tRPC. Host and Origin are checked against the same host names as the rest of Perch
 * (PUBLIC_URL, ALLOWED_ORIGINS) and loopback (DNS rebinding); every request needs a grant's secret
 * as a Bearer token.
 */
export function mcpRouter(services: Services): Router {
  const configured = services.config.allowedOrigins.map((origin) => new URL(origin).hostname);
  const hosts = [...new Set([...configured, ...localhostAllowedHostnames()])];
  const modern = createMcpHandler(({ authInfo }) => buildMcpServer(services, callerOf(authInfo)), {
    legacy: 'reject',
    // Malformed requests are the client's to fix (it gets the error); only our own failures are logged.
    onerror: (err) => {
      if (!err.message.startsWith('Rejected inbound request')) console.error('[perch] /mcp:', err);
    },
  });
  const legacy = legacyJsonHandler(services);
  const handler = toNodeHandler({
    // The SDK's own era test, on the body express.json() already parsed.
    fetch: async (request, options) =>
      (await isLegacyRequest(request, options?.parsedBody)) ? legacy(request, options) : modern.fetch(request, options),
  });
  const router = express.Router();
  router.use(hostHeaderValidation(hosts), originValidation(hosts), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: MCP_BODY_LIMIT }));
  router.use(grantBearerAuth(services));
  router.all('/', (req: Request & { auth?: AuthInfo }, res) => {
    const req_: RequestInfo = {
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      userAgent: req.get('user-agent') ?? null,
      acceptLanguage: req.get('accept-language') ?? null,
      cookies: {},
    };
    if (req.auth) req.auth.extra = { ...req.auth.extra, req: req_ };
    void handler(req, res, req.body);
  });
  return router;
}
