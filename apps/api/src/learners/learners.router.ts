import { z } from 'zod';
import {
  createLearnerInput,
  createManyLearnersInput,
  createManyLearnersOutput,
  learnerIdInput,
  learnerOutput,
  listLearnersInput,
  updateLearnerInput,
} from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { archiveLearner, createLearner, listLearners, updateLearner } from './learners.service';
import { createManyLearners } from './create-many';

export const learnersRouter = router({
  create: adminProcedure
    .input(createLearnerInput)
    .output(learnerOutput)
    .mutation(({ ctx, input }) => createLearner(ctx, ctx.admin, input)),

  /** A pasted list or a CSV's rows, all or none (travels alone: see UNBATCHED_PROCEDURES). */
  createMany: adminProcedure
    .input(createManyLearnersInput)
    .output(createManyLearnersOutput)
    .mutation(({ ctx, input }) => createManyLearners(ctx, ctx.admin, input)),

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
