import { router } from './trpc';
import { authRouter } from './auth/auth.router';
import { learnersRouter } from './learners/learners.router';
import { sessionsRouter } from './sessions/sessions.router';
import { kioskRouter } from './kiosk/kiosk.router';
import { auditRouter } from './audit/audit.router';
import { agentsRouter } from './agents/agents.router';
import { tabletsRouter } from './tablets/tablets.router';
import { throttlesRouter } from './throttles/throttles.router';
import { classesRouter } from './classes/classes.router';

/** One router per domain; the procedure paths are Perch's public contract. */
export const appRouter = router({
  auth: authRouter,
  learners: learnersRouter,
  sessions: sessionsRouter,
  kiosk: kioskRouter,
  audit: auditRouter,
  agents: agentsRouter,
  tablets: tabletsRouter,
  throttles: throttlesRouter,
  classes: classesRouter,
});

export type AppRouter = typeof appRouter;
