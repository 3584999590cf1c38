import express, { type Request, type Router } from 'express';
import { hostHeaderValidation, originValidation, requireBearerAuth } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  OAuthError,
  OAuthErrorCode,
  createMcpHandler,
  localhostAllowedHostnames,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { RequestInfo, Services } from '../context';
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

function callerOf(auth: AuthInfo | undefined): AgentCaller {
  const extra = auth?.extra as (Partial<AuthenticatedGrant> & { req?: RequestInfo }) | undefined;
  if (!extra?.grant || !extra.req) throw new Error('An /mcp request reached the server without a verified grant.');
  return { grant: extra.grant, req: extra.req, policyVersion: extra.policyVersion ?? null };
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
  const handler = toNodeHandler(
    createMcpHandler(({ authInfo }) => buildMcpServer(services, callerOf(authInfo)), {
      // Malformed requests are the client's to fix (it gets the error); only our own failures are logged.
      onerror: (err) => {
        if (!err.message.startsWith('Rejected inbound request')) console.error('[perch] /mcp:', err);
      },
    }),
  );
  const router = express.Router();
  router.use(hostHeaderValidation(hosts), originValidation(hosts), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use(express.json({ limit: MCP_BODY_LIMIT }));
  router.use(requireBearerAuth({ verifier: grantVerifier(services) }));
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
