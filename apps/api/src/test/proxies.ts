import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './e2e';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The configuration docs/DEPLOY.md shows under `<!-- tested: <name> -->`, exactly as written there. */
export function deployDocBlock(name: 'nginx' | 'caddy'): string {
  const doc = fs.readFileSync(path.join(repoRoot, 'docs/DEPLOY.md'), 'utf8');
  const match = new RegExp(`<!-- tested: ${name} -->\\s*\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/DEPLOY.md has no block marked <!-- tested: ${name} -->`);
  return match[1]!;
}

/** Replaces text the page must contain; a page that changed fails here instead of testing something else. */
function substitute(text: string, replacements: [string, string][]): string {
  return replacements.reduce((out, [from, to]) => {
    if (!out.includes(from)) throw new Error(`docs/DEPLOY.md no longer contains ${JSON.stringify(from)}: update the test`);
    return out.split(from).join(to);
  }, text);
}

export interface ProxyProcess {
  url: string;
  /** The certificate the proxy serves (nginx), for clients to trust. */
  ca: Buffer | null;
  stop(): Promise<void>;
  output(): string;
}

function requireBinary(name: string, debianPackage: string) {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0) {
    throw new Error(`${name} is missing. Install it: apt-get install -y ${debianPackage} (.ci/run does)`);
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  let log = '';
  const child: ChildProcess = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    output: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
    running: () => child.exitCode === null,
  };
}

/** Waits until `url`/healthz answers through the proxy. */
async function waitForProxy(url: string, ca: Buffer | null, proc: { running: () => boolean; output: () => string }) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (!proc.running()) throw new Error(`the proxy exited:\n${proc.output()}`);
    const status = await request(`${url}/healthz`, { ca }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`the proxy did not answer within 15 s:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * nginx in front of two Perch instances, configured with docs/DEPLOY.md's block: only the
 * upstream ports, the listen addresses (HTTPS on `tlsPort`) and the certificate (self-signed for
 * localhost) change. `nginx -t` must accept it first.
 */
export async function startNginx(upstreams: [number, number], tlsPort: number): Promise<ProxyProcess> {
  requireBinary('nginx', 'nginx-light');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-nginx-'));
  fs.chmodSync(dir, 0o755);
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const openssl = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', key, '-out', cert,
  ]);
  if (openssl.status !== 0) throw new Error(`openssl failed: ${openssl.stderr}`);
  const plainPort = await freePort();
  const site = substitute(deployDocBlock('nginx'), [
    ['server 127.0.0.1:3000 ', `server 127.0.0.1:${upstreams[0]} `],
    ['server 127.0.0.1:3001 ', `server 127.0.0.1:${upstreams[1]} `],
    ['listen 80;', `listen 127.0.0.1:${plainPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${tlsPort} ssl http2;`],
    ['/etc/letsencrypt/live/perch.example.org/fullchain.pem', cert],
    ['/etc/letsencrypt/live/perch.example.org/privkey.pem', key],
  ]);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${path.join(dir, t)};`).join('\n');
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 1024; }
http {
  access_log off;
${temp}
${site}
}
`,
  );
  const check = spawnSync('nginx', ['-t', '-e', 'stderr', '-p', dir, '-c', conf], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t rejected docs/DEPLOY.md's configuration:\n${check.stderr}`);

  const proc = run('nginx', ['-e', 'stderr', '-p', dir, '-c', conf]);
  const url = PROXIES.nginx.url(tlsPort);
  const ca = fs.readFileSync(cert);
  await waitForProxy(url, ca, proc);
  return {
    url,
    ca,
    output: proc.output,
    stop: async () => {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Caddy in front of two Perch instances, configured with docs/DEPLOY.md's block: the site
 * address becomes plain http on a loopback port (no certificate to fetch) and the upstream ports
 * change; the admin endpoint is off so parallel runs do not collide.
 */
export async function startCaddy(upstreams: [number, number], port: number): Promise<ProxyProcess> {
  requireBinary('caddy', 'caddy');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perch-caddy-'));
  const site = substitute(deployDocBlock('caddy'), [
    ['perch.example.org {', `http://127.0.0.1:${port} {`],
    ['127.0.0.1:3000 127.0.0.1:3001', `127.0.0.1:${upstreams[0]} 127.0.0.1:${upstreams[1]}`],
  ]);
  const caddyfile = path.join(dir, 'Caddyfile');
  fs.writeFileSync(caddyfile, `{\n\tadmin off\n\tauto_https off\n\tstorage file_system ${path.join(dir, 'data')}\n}\n\n${site}\n`);
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
  const check = spawnSync('caddy', ['validate', '--adapter', 'caddyfile', '--config', caddyfile], { encoding: 'utf8', env });
  if (check.status !== 0) throw new Error(`caddy validate rejected docs/DEPLOY.md's configuration:\n${check.stderr}`);

  const proc = run('caddy', ['run', '--adapter', 'caddyfile', '--config', caddyfile], env);
  const url = PROXIES.caddy.url(port);
  await waitForProxy(url, null, proc);
  return {
    url,
    ca: null,
    output: proc.output,
    stop: async () => {
      await proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ProxiedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP(S) request; `ca` trusts the proxy's own certificate. A reset or refusal rejects. */
export function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; ca?: Buffer | null } = {},
): Promise<ProxiedResponse> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: init.method ?? 'GET',
        headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
        ...(init.ca ? { ca: init.ca } : {}),
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.once('error', reject);
    req.end(init.body);
  });
}

/**
 * Each tested proxy: where it will answer on `port`, how to start it there, and the settings
 * docs/DEPLOY.md gives the Perch instances behind it.
 */
export const PROXIES = {
  nginx: { url: (port: number) => `https://localhost:${port}`, start: startNginx, instanceEnv: {} },
  // Above Caddy's health_interval: it stops sending to an instance before its port closes.
  caddy: { url: (port: number) => `http://127.0.0.1:${port}`, start: startCaddy, instanceEnv: { SHUTDOWN_DELAY_MS: '3000' } },
} as const;
