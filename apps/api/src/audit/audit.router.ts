import { listAuditInput, listAuditOutput } from '@perch/shared';
import { adminProcedure, router } from '../trpc';
import { listAudit } from './audit.service';

/** Read-only on purpose: the log is append-only; only the retention sweep removes old rows. */
export const auditRouter = router({
  list: adminProcedure
    .input(listAuditInput)
    .output(listAuditOutput)
    .query(({ ctx, input }) => listAudit(ctx.db, input)),
});
