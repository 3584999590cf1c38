import type { Kysely } from 'kysely';

// Append-only. A session's clock now starts when its code is redeemed: until then `expires_at` is
// the code's own end (`code_expires_at`), and redemption sets it to redeemed_at + duration_min.
// Sessions still waiting for their code are brought in line, so none can end before its code does
// (or run on past it). Started and finished sessions keep the end they had.
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('sessions')
    .set((eb) => ({ expires_at: eb.ref('code_expires_at') }))
    .where('state', '=', 'pending')
    .execute();
}

// Nothing to undo in the schema; pending sessions keep their code's end, which is still a valid end.
export async function down(): Promise<void> {}
