import { z } from 'zod';
import {
  agentGrant,
  agentPolicyView,
  agentRequest,
  agentToolInfo,
  createGrantInput,
  createGrantOutput,
  grantIdInput,
  listGrantsInput,
  listRequestsInput,
  requestIdInput,
  updatePolicyInput,
} from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { AGENT_TOOL_LIST } from './call';
import { createGrant, listGrants, revokeGrant } from './grants.service';
import { currentPolicy, updatePolicy } from './policy.store';
import { agentRequestEvents, decideRequest, listRequests } from './requests.service';
import { toolInfo } from './tools';

/** The Agents page: grants for AI agents at /mcp, the policy that governs them, approval requests. */
export const agentsRouter = router({
  tools: router({
    /** Every tool /mcp serves, for the policy editor (whatever the policy hides). */
    list: adminProcedure.output(z.array(agentToolInfo)).query(() => AGENT_TOOL_LIST.map(toolInfo)),
  }),

  grants: router({
    /** The answer carries the secret and a ready client configuration: the only time they are shown. */
    create: adminProcedure
      .input(createGrantInput)
      .output(createGrantOutput)
      .mutation(({ ctx, input }) => createGrant(ctx, ctx.admin, input)),
    list: adminProcedure
      .input(listGrantsInput)
      .output(z.array(agentGrant))
      .query(({ ctx, input }) => listGrants(ctx, input)),
    revoke: adminProcedure
      .input(grantIdInput)
      .output(agentGrant)
      .mutation(({ ctx, input }) => revokeGrant(ctx, ctx.admin, input.grantId)),
  }),

  policy: router({
    get: adminProcedure.output(agentPolicyView).query(({ ctx }) => currentPolicy(ctx)),
    update: adminProcedure
      .input(updatePolicyInput)
      .output(agentPolicyView)
      .mutation(({ ctx, input }) => updatePolicy(ctx, ctx.admin, input.text)),
  }),

  requests: router({
    list: adminProcedure
      .input(listRequestsInput)
      .output(z.array(agentRequest))
      .query(({ ctx, input }) => listRequests(ctx, input)),
    approve: adminProcedure
      .input(requestIdInput)
      .output(agentRequest)
      .mutation(({ ctx, input }) => decideRequest(ctx, ctx.admin, input.requestId, 'approved')),
    decline: adminProcedure
      .input(requestIdInput)
      .output(agentRequest)
      .mutation(({ ctx, input }) => decideRequest(ctx, ctx.admin, input.requestId, 'declined')),
    /** Each request as it is made, decided, run or finished (SSE). */
    events: adminProcedure.subscription(({ ctx, signal }) => agentRequestEvents(ctx, signal)),
  }),
});
