import { z } from 'zod';
import { createLearnerInput, learnerIdInput, learnerOutput, listLearnersInput, updateLearnerInput } from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { archiveLearner, createLearner, listLearners, updateLearner } from './learners.service';

export const learnersRouter = router({
  create: adminProcedure
    .input(createLearnerInput)
    .output(learnerOutput)
    .mutation(({ ctx, input }) => createLearner(ctx, ctx.admin, input)),

  list: adminProcedure
    .input(listLearnersInput)
    .output(z.array(learnerOutput))
    .query(({ ctx, input }) => listLearners(ctx, input)),

  update: adminProcedure
    .input(updateLearnerInput)
    .output(learnerOutput)
    .mutation(({ ctx, input }) => updateLearner(ctx, ctx.admin, input)),

  archive: adminProcedure
    .input(learnerIdInput)
    .output(learnerOutput)
    .mutation(({ ctx, input }) => archiveLearner(ctx, ctx.admin, input.learnerId)),
});
