import { z } from 'zod';
import {
  createLearnerInput,
  existingSessionShort,
  forceEndInput,
  LIVE_STATES,
  learnerIdInput,
  listLearnersInput,
  listSessionsInput,
  revokeBatchInput,
  sessionIdInput,
  startBulkInput,
  startGuestInput,
  startSessionInput,
  type AgentToolInfo,
  type AgentToolName,
  type MintedSession,
} from '@perch/shared';
import { archiveLearner, createLearner, listLearners } from '../learners/learners.service';
import { endSession, forceEndSession, revokeBatch } from '../sessions/ending';
import { listSessions } from '../sessions/sessions.queries';
import { reissueCode, startBulk, startGuest, startSession, type AdminContext } from '../sessions/sessions.service';
import type { Alongside } from '../db/alongside';
import type { ActiveGrant } from './grants.service';

/**
 * The MCP tools, one per tRPC procedure: each takes the SAME zod contract from @perch/shared as
 * its procedure and calls the SAME service function. Descriptions are written for a language
 * model choosing a tool; `text` is the one plain sentence that goes with the structured result.
 */

/**
 * What a tool runs with: the admin's rights, the agent named in the audit log, and (for a tool
 * that `recordsInItsTransaction`) the call's own record to write in the service's transaction.
 */
export type AgentContext = AdminContext & { grant: ActiveGrant; alongside?: Alongside };

export interface ToolOutput {
  structured: Record<string, unknown>;
  text: string;
}

export interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: AgentToolName;
  title: string;
  description: string;
  input: S;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: false };
  /**
   * True when the service commits one transaction through inSessionTx and nothing after that can
   * fail: the call's grant count and `agent.call` entry then commit in it (db/alongside.ts), not
   * in a transaction of their own. Leave it out for anything else (reads, several transactions).
   */
  recordsInItsTransaction?: true;
  run(ctx: AgentContext, input: z.output<S>): Promise<ToolOutput>;
}

export const tool = <S extends z.ZodType>(t: AgentTool<S>) => t as unknown as AgentTool;

export const hints = (readOnly: boolean, destructive: boolean, idempotent: boolean) => ({
  readOnlyHint: readOnly,
  destructiveHint: destructive,
  idempotentHint: idempotent,
  openWorldHint: false as const,
});

export const time = (isoString: string) => `${isoString.slice(11, 16)} UTC`;

function minted(m: MintedSession, lead: string): ToolOutput {
  return {
    structured: m,
    text: `${lead} Code ${m.redemptionCode} (or open ${m.redeemUrl} on the tablet) works once, until ${time(m.codeExpiresAt)}; the session lasts ${m.durationMin} minutes from the moment the tablet redeems it.`,
  };
}

const SESSION_RESULT =
  'Returns sessionId, learnerName, redemptionCode (XXXX-XXXX), redeemUrl, codeExpiresAt and durationMin (the session’s clock starts when the tablet redeems the code). ' +
  'Give the code or URL to the learner’s tablet; the session token never leaves Perch.';

/** The tools that run a service; maker_get_request is added in call.ts, where it can run the others. */
export const SERVICE_TOOLS: AgentTool[] = [
  tool({
    name: 'maker_start_session',
    title: 'Start a kiosk session',
    description:
      'Start a kiosk session for one learner and get a one-time redemption code. Arguments: learnerId (from ' +
      'maker_list_learners), durationMin 5–240 (default 60), idleLockMin 0–240 (default 10; 0 = never lock), ' +
      'onExisting: what to do when the learner already has a session waiting or running — "refuse" (default: ' +
      'the call fails naming that session, nothing is started), "end" (end it and start this one), or "keep" ' +
      `(start a second one beside it). Use "end" or "keep" only when the person you act for chose it. ${SESSION_RESULT} ` +
      'For a whole group use maker_start_sessions_bulk.',
    input: startSessionInput,
    annotations: hints(false, false, false),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      const m = await startSession(ctx, input);
      return minted(m, `Started a ${input.durationMin}-minute session for ${m.learnerName}.`);
    },
  }),
  tool({
    name: 'maker_start_sessions_bulk',
    title: 'Start sessions for a class',
    description:
      'Start one session per learner for a class or group, all in one batch (everyone or no one). Arguments: ' +
      'learnerIds (1–50 distinct ids), durationMin, idleLockMin, optional label (e.g. "Thursday robotics"), ' +
      'onExisting: learners who already have a session waiting or running are left out and listed in skipped[] ' +
      '("skip", the default), or have theirs ended first ("end"), or get a second one ("keep"). ' +
      'Returns batchId, sessions[] (each with its own redemptionCode and redeemUrl) and skipped[]. End the whole ' +
      'class later with maker_revoke_batch.',
    input: startBulkInput,
    annotations: hints(false, false, false),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      const out = await startBulk(ctx, input);
      const first = out.sessions[0];
      const skipped =
        out.skipped.length === 0
          ? ''
          : ` Left out because they already have a session: ${out.skipped.map(existingSessionShort).join('; ')}.`;
      return {
        structured: out,
        text: `Started ${out.sessions.length} ${out.sessions.length === 1 ? 'session' : 'sessions'}${out.label ? ` for “${out.label}”` : ''} (batch ${out.batchId}); each code works once, until ${first ? time(first.codeExpiresAt) : 'soon'}.${skipped}`,
      };
    },
  }),
  tool({
    name: 'maker_start_guest_session',
    title: 'Start a guest session',
    description:
      'Start a session for a visitor who has no learner record; nothing about them is kept. Arguments: ageBand ' +
      '("5-9", "10-13" or "14+": the tablet greets the guest with words for that age), durationMin 5–30 ' +
      `(default 30), idleLockMin. ${SESSION_RESULT}`,
    input: startGuestInput,
    annotations: hints(false, false, false),
    recordsInItsTransaction: true,
    run: async (ctx, input) => minted(await startGuest(ctx, input), `Started a ${input.durationMin}-minute guest session (${input.ageBand}).`),
  }),
  tool({
    name: 'maker_end_session',
    title: 'End a session',
    description:
      'End a session gracefully: the tablet gets a few seconds to wrap up, then returns to its scan screen. A ' +
      'session whose code was never redeemed is simply cancelled. Argument: sessionId.',
    input: sessionIdInput,
    annotations: hints(false, true, true),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      await endSession(ctx, input.sessionId);
      return { structured: { ok: true, sessionId: input.sessionId }, text: 'The session is ending; the tablet returns to its scan screen within seconds.' };
    },
  }),
  tool({
    name: 'maker_force_end_session',
    title: 'Force-end a session',
    description:
      'End a session at once, without the grace period, when something is wrong. Arguments: sessionId and ' +
      'reason (3–500 characters, kept in the audit log). Prefer maker_end_session otherwise.',
    input: forceEndInput,
    annotations: hints(false, true, true),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      await forceEndSession(ctx, input.sessionId, input.reason);
      return { structured: { ok: true, sessionId: input.sessionId }, text: 'The session was ended at once.' };
    },
  }),
  tool({
    name: 'maker_revoke_batch',
    title: 'End a whole class',
    description:
      'Revoke every still-live session of one class start at once. Argument: batchId (from ' +
      'maker_start_sessions_bulk or maker_list_sessions). Returns how many sessions were revoked.',
    input: revokeBatchInput,
    annotations: hints(false, true, true),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      const out = await revokeBatch(ctx, input.batchId);
      return { structured: out, text: `Revoked ${out.revoked} live ${out.revoked === 1 ? 'session' : 'sessions'} of that class start.` };
    },
  }),
  tool({
    name: 'maker_reissue_code',
    title: 'Issue a new code',
    description:
      'Give a session whose code has not been redeemed yet a fresh code (a lost card); the old code stops ' +
      `working. Argument: sessionId. ${SESSION_RESULT}`,
    input: sessionIdInput,
    annotations: hints(false, true, false),
    recordsInItsTransaction: true,
    run: async (ctx, input) => {
      const m = await reissueCode(ctx, input.sessionId);
      return minted(m, `New code for ${m.learnerName}; the old one no longer works.`);
    },
  }),
  tool({
    name: 'maker_list_sessions',
    title: 'List sessions',
    description:
      'List sessions, newest first, with their state (pending = code not yet redeemed, active, locked, ending, ' +
      'ended, revoked, expired), learner, times and batch. Optional arguments: states (e.g. ["pending","active"]), ' +
      'batchId, limit (1–500, default 200).',
    input: listSessionsInput,
    annotations: hints(true, false, true),
    run: async (ctx, input) => {
      const sessions = await listSessions(ctx.db, input ?? {});
      const live = sessions.filter((s) => (LIVE_STATES as readonly string[]).includes(s.state)).length;
      return { structured: { sessions }, text: `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}, ${live} of them live.` };
    },
  }),
  tool({
    name: 'maker_list_learners',
    title: 'List learners',
    description:
      'List learners by name with their ids (needed to start sessions). Optional arguments: search (any part ' +
      'of the name, ignoring case and accents), includeArchived.',
    input: listLearnersInput,
    annotations: hints(true, false, true),
    run: async (ctx, input) => {
      const learners = await listLearners(ctx, input);
      return { structured: { learners }, text: `${learners.length} ${learners.length === 1 ? 'learner' : 'learners'}.` };
    },
  }),
  tool({
    name: 'maker_create_learner',
    title: 'Add a learner',
    description:
      'Add a learner. Arguments: name, optional age (3–100) and notes, and consent: true — set it only when ' +
      'the adult you act for has confirmed they have consent to add this learner.',
    input: createLearnerInput,
    annotations: hints(false, false, false),
    run: async (ctx, input) => {
      const learner = await createLearner(ctx, ctx.admin, input);
      return { structured: learner, text: `Added ${learner.name} (id ${learner.id}).` };
    },
  }),
  tool({
    name: 'maker_archive_learner',
    title: 'Archive a learner',
    description:
      'Archive a learner: hidden from lists and no new sessions, kept for the record. Argument: learnerId. ' +
      'Archiving twice changes nothing.',
    input: learnerIdInput,
    annotations: hints(false, true, true),
    run: async (ctx, input) => {
      const learner = await archiveLearner(ctx, ctx.admin, input.learnerId);
      return { structured: learner, text: `${learner.name} is archived.` };
    },
  }),
];

/** For agents.tools.list (the policy editor) and tools/list. */
export function toolInfo(t: Pick<AgentTool, 'name' | 'title' | 'description' | 'annotations'>): AgentToolInfo {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    readOnly: t.annotations.readOnlyHint,
    destructive: t.annotations.destructiveHint,
  };
}
