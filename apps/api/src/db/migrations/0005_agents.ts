import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect';

// Append-only. AI agents at /mcp: grants (only the secret's SHA-256 is kept), the policy's saved
// versions (the newest is in force) and approval requests.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agent_grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('admins.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('call_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('agent_policies')
    .addColumn('id', postgres ? sql`bigint` : sql`integer`, (c) =>
      postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
    )
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('admins.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('agent_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grant_id', 'text', (c) => c.notNull().references('agent_grants.id').onDelete('cascade'))
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text', (c) => c.references('admins.id').onDelete('set null'))
    .addColumn('outcome', 'text')
    .execute();
  await db.schema.createIndex('agent_requests_created_idx').on('agent_requests').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['agent_requests', 'agent_policies', 'agent_grants']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
