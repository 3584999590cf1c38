import { z } from 'zod';
import { agentPolicySchema, AGENT_TOOLS } from './agent-policy';
import { idSchema, isoDate } from './common';
import { safeText } from './text';

/** Agent grant secrets: this prefix, then 32 random bytes (256 bits) in base64url. Only their SHA-256 is stored. */
export const GRANT_SECRET_PREFIX = 'perch_agent_';
export const GRANT_SECRET_BYTES = 32;
/** A grant lapses this many days after it is made unless revoked sooner. */
export const GRANT_EXPIRY_DAYS = { min: 1, max: 365, default: 90 } as const;
export const GRANT_LABEL_MAX = 80;
/** An approval request lapses if no admin decides it in this time; an approved one must be fetched within it. */
export const AGENT_REQUEST_TTL_MS = 15 * 60_000;
/** The policy editor's document size cap. */
export const AGENT_POLICY_MAX_CHARS = 100_000;
/** Where agents connect, relative to PUBLIC_URL. */
export const MCP_PATH = '/mcp';

// ---- Grants ----------------------------------------------------------------------------------

export const createGrantInput = z.object({
  label: safeText({ error: 'Give the grant a label, such as the assistant’s name.' })
    .min(1, { error: 'Give the grant a label, such as the assistant’s name.' })
    .max(GRANT_LABEL_MAX, { error: `A label can be at most ${GRANT_LABEL_MAX} characters.` }),
  expiresInDays: z
    .number({ error: 'Expiry is a whole number of days.' })
    .int({ error: 'Expiry is a whole number of days.' })
    .min(GRANT_EXPIRY_DAYS.min, { error: `A grant lasts between ${GRANT_EXPIRY_DAYS.min} and ${GRANT_EXPIRY_DAYS.max} days.` })
    .max(GRANT_EXPIRY_DAYS.max, { error: `A grant lasts between ${GRANT_EXPIRY_DAYS.min} and ${GRANT_EXPIRY_DAYS.max} days.` })
    .default(GRANT_EXPIRY_DAYS.default),
});
export type CreateGrantInput = z.input<typeof createGrantInput>;

export const GRANT_STATUSES = ['active', 'revoked', 'expired'] as const;

/** A grant as the Agents page lists it. Never its secret or the secret's hash. */
export const agentGrant = z.object({
  id: z.string(),
  label: z.string(),
  /** Email of the admin who made it; the agent acts as this admin. */
  createdBy: z.string(),
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  lastUsedAt: isoDate.nullable(),
  /** Tool calls made with this grant (denied ones included). */
  callCount: z.number(),
  status: z.enum(GRANT_STATUSES),
});
export type AgentGrant = z.infer<typeof agentGrant>;

/**
 * The JSON an MCP client (Claude Code, Cursor and others that take `mcpServers`) needs to connect.
 * One builder for the Agents page, `pnpm create-grant` and the README.
 */
export const mcpClientConfig = (mcpUrl: string, secret: string) => ({
  mcpServers: {
    perch: { type: 'http' as const, url: mcpUrl, headers: { Authorization: `Bearer ${secret}` } },
  },
});

export const createGrantOutput = z.object({
  grant: agentGrant,
  /** Shown once, here; Perch keeps only its hash. */
  secret: z.string(),
  mcpUrl: z.string(),
  /** `mcpClientConfig(mcpUrl, secret)`, ready to paste. */
  clientConfig: z.object({
    mcpServers: z.object({
      perch: z.object({ type: z.literal('http'), url: z.string(), headers: z.record(z.string(), z.string()) }),
    }),
  }),
});
export type CreateGrantOutput = z.infer<typeof createGrantOutput>;

export const listGrantsInput = z
  .object({
    /** Also list revoked and expired grants. */
    includeInactive: z.boolean().optional(),
  })
  .optional();
export const grantIdInput = z.object({ grantId: idSchema });

// ---- Policy ----------------------------------------------------------------------------------

export const POLICY_SOURCES = ['default', 'database', 'file'] as const;

export const agentPolicyView = z.object({
  policy: agentPolicySchema,
  /** The policy as pretty-printed JSON, for the editor. */
  text: z.string(),
  /** `file`: pinned by PERCH_POLICY_FILE; `default`: nobody has saved one yet. */
  source: z.enum(POLICY_SOURCES),
  /** True when PERCH_POLICY_FILE pins the policy: agents.policy.update then refuses. */
  readOnly: z.boolean(),
  /**
   * True when the saved policy's text cannot be read (a damaged row): every tool is hidden and every
   * agent call refused (rule `unreadable`) until an admin saves a valid policy. `policy` is then that
   * deny-all stand-in, `text` the damaged text.
   */
  unreadable: z.boolean(),
  filePath: z.string().nullable(),
  updatedAt: isoDate.nullable(),
  /** Email of the admin who saved it. */
  updatedBy: z.string().nullable(),
});
export type AgentPolicyView = z.infer<typeof agentPolicyView>;

/**
 * The policy as JSON text. A bad one is refused with BAD_REQUEST, `data.reason` VALIDATION, and
 * `data.fieldErrors` keyed by JSON path (`tools.maker_start_session.limits[0].window`); the
 * previous policy stays in force.
 */
export const updatePolicyInput = z.object({
  text: safeText({ error: 'Send the policy as JSON text.', multiline: true })
    .max(AGENT_POLICY_MAX_CHARS, { error: `A policy can be at most ${AGENT_POLICY_MAX_CHARS} characters.` }),
});

// ---- Approval requests ----------------------------------------------------------------------

/**
 * pending → approved → running → done | failed; pending → declined | expired; approved → expired
 * when the agent does not fetch it in time. The tool runs once, when the agent fetches the approved request.
 */
export const AGENT_REQUEST_STATES = ['pending', 'approved', 'declined', 'expired', 'running', 'done', 'failed'] as const;
export const agentRequestState = z.enum(AGENT_REQUEST_STATES);
export type AgentRequestState = z.infer<typeof agentRequestState>;

export const agentRequest = z.object({
  id: z.string(),
  tool: z.enum(AGENT_TOOLS),
  /** The call's arguments after validation (camelCase). */
  args: z.record(z.string(), z.unknown()),
  grantId: z.string(),
  grantLabel: z.string(),
  state: agentRequestState,
  createdAt: isoDate,
  /** When it lapses if nothing more happens (pending: not decided; approved: not fetched). */
  expiresAt: isoDate,
  decidedAt: isoDate.nullable(),
  /** Email of the admin who approved or declined it. */
  decidedBy: z.string().nullable(),
  /** After it ran: a sentence on what happened (never a code or token). */
  outcome: z.string().nullable(),
});
export type AgentRequest = z.infer<typeof agentRequest>;

export const listRequestsInput = z
  .object({
    states: z.array(agentRequestState).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export const requestIdInput = z.object({ requestId: idSchema });

// ---- Tools (for the policy editor) ----------------------------------------------------------

export const agentToolInfo = z.object({
  name: z.enum(AGENT_TOOLS),
  title: z.string(),
  description: z.string(),
  readOnly: z.boolean(),
  destructive: z.boolean(),
});
export type AgentToolInfo = z.infer<typeof agentToolInfo>;
