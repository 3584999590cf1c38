import { z } from 'zod';
import { idSchema, isoDate } from './common';
import { cardLifeMin, sessionState } from './sessions';

/** One class start on the Classes list: its label, when, and how many of its sessions are in each state. */
export const classSummary = z.object({
  batchId: z.string(),
  label: z.string().nullable(),
  createdAt: isoDate,
  total: z.number(),
  counts: z.record(sessionState, z.number()),
});
export type ClassSummary = z.infer<typeof classSummary>;

export const listClassesInput = z.object({ limit: z.number().int().min(1).max(100).default(50) }).default({ limit: 50 });

/** "Reprint cards": fresh codes for a class's sessions still waiting for theirs; the old cards stop working. */
export const reprintClassInput = z.object({ batchId: idSchema, cardLifeMin: cardLifeMin.optional() });
