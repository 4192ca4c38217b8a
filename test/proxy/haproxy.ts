/**
 * Runs the real HAProxy (Debian's 2.6) for a test: a generated `mode tcp` config on free
 * loopback ports, in the foreground (`-db`), killed by PID in `t.teardown`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionContext } from 'ava';

export const HAPROXY = '/usr/sbin/haproxy';

/** Whether HAProxy is installed; in CI (`CI=true`) its absence must fail, not skip. */
export const hasHaproxy = existsSync(HAPROXY);

/** A free TCP port on `host` (listened on and closed again; HAProxy binds it right after). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One backend server line. */
export interface Backend {
  readonly host: string;
  readonly port: number;
  /** e.g. `'send-proxy'`, `'send-proxy-v2'`, `'send-proxy-v2 check inter 200'`. */
  readonly options: string;
}

/** A running HAProxy and its front ends. */
export interface RunningHaproxy {
  readonly pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Kills it now (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
}

/** A `mode tcp` config: one front end per bind, all to the backends, round-robin. */
export function tcpConfig(binds: readonly string[], backends: readonly Backend[], extra: readonly string[] = [], maxconn = 256): string {
  return [
    'global',
    `  maxconn ${maxconn}`,
    'defaults',
    '  mode tcp',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    'frontend game',
    ...binds.map((bind) => `  bind ${bind}`),
    '  default_backend workers',
    'backend workers',
    '  balance roundrobin',
    ...extra.map((line) => `  ${line}`),
    ...backends.map((backend, i) => `  server s${i + 1} ${backend.host.includes(':') ? `[${backend.host}]` : backend.host}:${backend.port} ${backend.options}`),
    '',
  ].join('\n');
}

/**
 * Starts HAProxy with `config`; resolves once it accepts on an extra front end of its own that
 * rejects every connection (HAProxy binds every front end before it accepts on any, and probing
 * the game front ends would send the backends a connection the test did not make).
 */
export async function startHaproxy(t: ExecutionContext, config: string): Promise<RunningHaproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-haproxy-'));
  const file = path.join(dir, 'haproxy.cfg');
  const probe = await freePort();
  writeFileSync(file, `${config}\nfrontend ready\n  bind 127.0.0.1:${probe}\n  tcp-request connection reject\n`);
  const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  t.teardown(async () => {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const deadline = Date.now() + 5000;
  while (!(await accepts('127.0.0.1', probe))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`haproxy did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return { pid: child.pid as number, output: () => output, kill };
}

/** Whether something accepts on `host`:`port` now. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
