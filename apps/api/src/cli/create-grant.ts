import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { GRANT_EXPIRY_DAYS, createGrantInput } from '@perch/shared';
import { loadConfig } from '../config';
import { createServices } from '../services';
import { createGrant } from '../agents/grants.service';

const USAGE = `Usage: pnpm create-grant --label NAME [--days ${GRANT_EXPIRY_DAYS.default}] [--admin EMAIL]`;

/**
 * `pnpm create-grant --label NAME`: makes an agent grant for /mcp from the command line, for
 * scripted set-ups. It acts as the admin named by --admin (or the only admin there is). The secret
 * is printed once, with a client configuration; Perch keeps only its hash.
 */
async function main() {
  // The same environment as `pnpm start`: a .env file in the working directory, real variables winning.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const { values } = parseArgs({
    options: { label: { type: 'string' }, days: { type: 'string' }, admin: { type: 'string' } },
    strict: true,
  });
  if (!values.label) throw new Error(`Give the grant a label.\n${USAGE}`);
  const input = createGrantInput.safeParse({
    label: values.label,
    ...(values.days !== undefined ? { expiresInDays: Number(values.days) } : {}),
  });
  if (!input.success) throw new Error(`${input.error.issues.map((i) => i.message).join(' ')}\n${USAGE}`);

  const services = await createServices(loadConfig());
  try {
    const admins = await services.db
      .selectFrom('admins')
      .select(['id', 'email'])
      .$if(!!values.admin, (q) => q.where('email', '=', values.admin!.trim().toLowerCase()))
      .execute();
    if (admins.length === 0) {
      throw new Error(values.admin ? `No admin has the email ${values.admin}.` : 'Create an admin first: pnpm create-admin.');
    }
    if (admins.length > 1) throw new Error(`There are several admins; say which one the agent acts as with --admin EMAIL.\n${USAGE}`);
    const created = await createGrant({ ...services, req: null }, admins[0]!, input.data);
    console.log(`Created the agent grant “${created.grant.label}”, acting as ${created.grant.createdBy}, until ${created.grant.expiresAt}.`);
    console.log('Its secret is shown this once; Perch keeps only its hash:\n');
    console.log(`  ${created.secret}\n`);
    console.log('MCP client configuration (Claude Code .mcp.json, Cursor and others that take mcpServers):\n');
    console.log(JSON.stringify(created.clientConfig, null, 2));
  } finally {
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
