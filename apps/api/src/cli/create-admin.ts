import { createInterface } from 'node:readline/promises';
import { loadConfig } from '../config';
import { createServices } from '../services';
import { createAdmin } from '../auth/admins';

/**
 * `pnpm create-admin [email]`: creates an admin account. The password is read from
 * PERCH_ADMIN_PASSWORD or typed at the terminal without echo, never taken from the command line
 * (where it would land in shell history and the process list).
 */
async function main() {
  const config = loadConfig();
  const email = process.argv[2] ?? config.PERCH_ADMIN_EMAIL ?? (await ask('Admin email: '));
  const password = config.PERCH_ADMIN_PASSWORD ?? (await askHidden('Password (10+ characters): '));
  const services = await createServices(config);
  try {
    const admin = await createAdmin(services, { email, password });
    console.log(`Created admin ${admin.email}.`);
  } finally {
    await services.close();
  }
}

function requireTerminal(what: string) {
  if (!process.stdin.isTTY) {
    throw new Error(`No ${what} given. Run this in a terminal, or set ${what === 'email' ? 'it as the first argument' : 'PERCH_ADMIN_PASSWORD'}.`);
  }
}

async function ask(prompt: string): Promise<string> {
  requireTerminal('email');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

/** Reads a line from the terminal without showing what is typed. */
function askHidden(prompt: string): Promise<string> {
  requireTerminal('password');
  const stdin = process.stdin;
  process.stdout.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\u0003') process.exit(130); // Ctrl-C
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write('\n');
          resolve(typed);
          return;
        }
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
