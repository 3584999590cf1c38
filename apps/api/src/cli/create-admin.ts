import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config';
import { createServices } from '../services';
import { createAdmin } from '../auth/admins';

/**
 * `pnpm create-admin [email]`: creates an admin account. The password is read from
 * PERCH_ADMIN_PASSWORD or asked for on the terminal, never taken from the command line
 * (where it would land in shell history and the process list).
 */
async function main() {
  const config = loadConfig();
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const email = process.argv[2] ?? config.PERCH_ADMIN_EMAIL ?? (await rl.question('Admin email: '));
  const password = config.PERCH_ADMIN_PASSWORD ?? (await rl.question('Password (10+ characters): '));
  rl.close();
  const services = await createServices(config);
  try {
    const admin = await createAdmin(services, { email, password });
    console.log(`Created admin ${admin.email}.`);
  } finally {
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
