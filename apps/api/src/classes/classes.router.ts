import { z } from 'zod';
import { classSummary, listClassesInput, reprintClassInput, startBulkOutput } from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { listClasses, reprintClass } from './classes.service';

export const classesRouter = router({
  /** Class starts, newest first, with their sessions counted by state. */
  list: adminProcedure
    .input(listClassesInput)
    .output(z.array(classSummary))
    .query(({ ctx, input }) => listClasses(ctx, input.limit)),
  /** Fresh cards for the class's sessions still waiting for theirs; the old cards stop working. */
  reprint: adminProcedure
    .input(reprintClassInput)
    .output(startBulkOutput)
    .mutation(({ ctx, input }) => reprintClass(ctx, input)),
});
