import type { Generated } from 'kysely';
import type { ActorType, AgentRequestState, AgentToolName, SessionState } from '@perch/shared';

/**
 * Table types for Kysely. Timestamps are epoch milliseconds (INTEGER on SQLite, BIGINT on
 * PostgreSQL) so comparisons behave the same on both; the API turns them into ISO strings.
 * Secrets never appear here in plain text: only `*_hash` columns.
 */
export interface Database {
  admins: AdminsTable;
  admin_sessions: AdminSessionsTable;
  learners: LearnersTable;
  batches: BatchesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  agent_grants: AgentGrantsTable;
  agent_policies: AgentPoliciesTable;
  agent_requests: AgentRequestsTable;
  tablets: TabletsTable;
  tablet_enrollments: TabletEnrollmentsTable;
  settings: SettingsTable;
  setup_tokens: SetupTokensTable;
}

export interface AdminsTable {
  id: string;
  email: string;
  /** The name given at first-run set-up; null for admins made by `pnpm create-admin` or the environment. Migration 0010. */
  name: Generated<string | null>;
  password_hash: string;
  created_at: number;
}

export interface AdminSessionsTable {
  /** SHA-256 of the admin cookie's token. */
  token_hash: string;
  admin_id: string;
  created_at: number;
  expires_at: number;
}

export interface LearnersTable {
  id: string;
  name: string;
  /**
   * The name folded for search and sort (accents removed, lower case); see learnerSearchKey in @perch/shared.
   * Optional on insert only so fixtures may skip it; the learners service always sets it.
   */
  search_key: Generated<string>;
  age: number | null;
  notes: string | null;
  consent_at: number;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  archived_at: number | null;
}

export interface BatchesTable {
  id: string;
  label: string | null;
  created_by: string;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  /** Null for guest sessions. */
  learner_id: string | null;
  /** The name shown on the kiosk, copied at mint ("Guest 10-13" for guests). */
  learner_name: string;
  guest_age_band: string | null;
  batch_id: string | null;
  state: SessionState;
  duration_min: number;
  idle_lock_min: number;
  created_by: string;
  created_at: number;
  /** Keyed hash of the redemption code; null once consumed or reissued. */
  code_hash: string | null;
  /**
   * The keyed hash of the last code that stopped working (redeemed, lapsed or replaced), kept so a
   * retry is told "already used" or "expired" rather than "unknown". Migration 0003.
   */
  spent_code_hash: Generated<string | null>;
  code_expires_at: number;
  redeemed_at: number | null;
  /** SHA-256 of the kiosk cookie's token; null until redeemed, and again once the learner finishes. */
  token_hash: string | null;
  /**
   * Absolute end of the session: redeemed_at + duration_min once redeemed (the clock starts at
   * redemption); while pending, the code's end (code_expires_at). Migration 0007.
   */
  expires_at: number;
  last_activity_at: number | null;
  locked_at: number | null;
  ending_at: number | null;
  ended_at: number | null;
  end_reason: string | null;
  device: string | null;
  /** Binds the kiosk cookie to the redeeming tablet (see kiosk/device.ts); null until redeemed. */
  device_hash: string | null;
  /**
   * When the kiosk cookie was first presented; null until then. Optional on insert (migration 0006).
   * A session whose cookie was never seen may be recovered by the tablet that redeemed it.
   */
  token_seen_at: Generated<number | null>;
  /** The enrolled tablet it runs on (migration 0008); null on an unenrolled browser or until redeemed. */
  tablet_id: Generated<string | null>;
  /** `forced` when an admin force-ended it or retired its tablet (no goodbye on the tablet); else null (migration 0011). */
  end_kind: Generated<'forced' | null>;
  updated_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_type: ActorType;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  session_id: string | null;
  learner_id: string | null;
  ip: string | null;
  user_agent: string | null;
  /** JSON object of non-secret facts. */
  detail: string;
}

/** An AI agent's access to /mcp (migration 0005). It acts as the admin who made it. */
export interface AgentGrantsTable {
  id: string;
  label: string;
  /** SHA-256 of the `perch_agent_…` secret; the secret itself is shown once and never stored. */
  secret_hash: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
  call_count: Generated<number>;
}

/** Every saved agent policy; the newest row is the one in force (unless PERCH_POLICY_FILE pins one). */
export interface AgentPoliciesTable {
  id: Generated<number>;
  /** The policy as validated JSON. */
  policy: string;
  created_by: string | null;
  created_at: number;
}

/** A tool call waiting for, or released by, an admin's approval. */
export interface AgentRequestsTable {
  id: string;
  grant_id: string;
  tool: AgentToolName;
  /** JSON of the validated arguments. */
  args: string;
  state: AgentRequestState;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
  decided_by: string | null;
  /** A sentence on what happened once it ran; never a code or token. */
  outcome: string | null;
}

/** An enrolled tablet (migration 0008). */
export interface TabletsTable {
  id: string;
  /** Its place in enrollment order: names it "Tablet N" until renamed. */
  number: number;
  name: string;
  /** SHA-256 of the device cookie's token; null once retired. */
  token_hash: string | null;
  /** The token before the last rotation, accepted briefly (DEVICE_TOKEN_GRACE_MS). */
  previous_token_hash: string | null;
  token_rotated_at: number;
  created_by: string;
  created_at: number;
  last_seen_at: number | null;
  /** The event stream that last said it is open; null once it closed (offline). */
  stream_id: string | null;
  retired_at: number | null;
}

/** A one-shot "Add a tablet" code, stored as a keyed hash like session codes. */
export interface TabletEnrollmentsTable {
  code_hash: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  tablet_id: string | null;
}

/**
 * A deployment-wide setting changed in the app (migration 0009), e.g. `redeem_mode`. First-run set-up
 * also holds a row here for the length of its transaction, as a lock (auth/setup.ts).
 */
export interface SettingsTable {
  key: string;
  value: string;
  updated_by: string | null;
  updated_at: number;
}

/**
 * A first-run set-up link's token (migration 0010), stored while no admin exists: one per start,
 * each valid on every instance until it expires or the first admin is created (then all are gone).
 */
export interface SetupTokensTable {
  /** SHA-256 of the token; the token itself is only ever printed, in the link. */
  token_hash: string;
  created_at: number;
  expires_at: number;
}
