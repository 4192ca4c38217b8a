/**
 * The "through HAProxy" groups: connections per second and ping-pong over 64 connections, to
 * SDK echo servers reached directly (one process, or four node:cluster workers on one port) or
 * through the real HAProxy (`send-proxy-v2`, the servers reading it with ProxyProtocolTransport)
 * to one or four worker processes. The baseline, `sdk`, is one process reached directly;
 * `sdk-cluster-4` is four node:cluster workers on one port, reached directly.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Child } from './Child.js';
import type { Group } from './Group.js';
import type { Mode } from './modes.js';
import type { Setup } from './runners.js';

const HAPROXY = '/usr/sbin/haproxy';
/** The implementations: where the client connects and how many server processes answer. */
export const PROXY_IMPLS = ['sdk', 'sdk-cluster-4', 'haproxy-1', 'haproxy-4'] as const;

/**
 * The groups, or none when HAProxy is not installed or in `--smoke` mode (each run starts up to
 * six processes: about 35 s for the eight runs on a busy 2-core machine, too long for the smoke
 * test; `--quick --only=proxy` is the short way to run them).
 */
export function proxyGroups(mode: Mode, setup: Setup): Group[] {
  if (!existsSync(HAPROXY) || mode.name === 'smoke') return [];
  const kases = [
    { id: 'proxy: connections/s (16 at a time)', kase: 'connect', concurrency: 16 },
    { id: 'proxy: ping-pong 16 B over 64 connections', kase: 'pingpong', concurrency: 64 },
  ];
  return kases.map(({ id, kase, concurrency }) => ({
    plan: { id, baseline: 'sdk', metrics: ['perSec'], ratioMetrics: ['perSec'] },
    impls: PROXY_IMPLS,
    run: async (impl: string) => ({ perSec: await runProxied(impl, kase, concurrency, mode, setup) }),
  }));
}

/** Starts the servers (and HAProxy) of `impl`, runs the client, returns its rate. */
async function runProxied(impl: string, kase: string, concurrency: number, mode: Mode, setup: Setup): Promise<number> {
  const where = impl.startsWith('haproxy') ? 'haproxy' : 'direct';
  const workers = impl.endsWith('4') ? 4 : 1;
  const peer = path.join(setup.benchDir, 'node', 'proxyPeer.js');
  const timeoutMs = mode.warmupMs + mode.echoMs + 60_000;
  const children: Child[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-bench-haproxy-'));
  try {
    let port: number;
    if (where === 'direct') {
      const server = new Child(['node', ...setup.nodeFlags, peer, ...(workers === 1 ? ['server', '0'] : ['cluster', String(workers), '0'])], { timeoutMs, manyFiles: true });
      children.push(server);
      port = Number(await server.line('READY', 20_000));
    } else {
      const ports: number[] = [];
      for (let i = 0; i < workers; i++) {
        const server = new Child(['node', ...setup.nodeFlags, peer, 'server', '1'], { timeoutMs, manyFiles: true });
        children.push(server);
        ports.push(Number(await server.line('READY', 20_000)));
      }
      port = await freePort();
      const probe = await freePort();
      const config = [
        'global\n  maxconn 4000',
        'defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 60s\n  timeout server 60s',
        `frontend bench\n  bind 127.0.0.1:${port}\n  default_backend workers`,
        `backend workers\n  balance leastconn\n${ports.map((p, i) => `  server w${i} 127.0.0.1:${p} send-proxy-v2`).join('\n')}`,
        `frontend ready\n  bind 127.0.0.1:${probe}\n  tcp-request connection reject`,
        '',
      ].join('\n');
      writeFileSync(path.join(dir, 'haproxy.cfg'), config);
      children.push(new Child([HAPROXY, '-db', '-f', path.join(dir, 'haproxy.cfg')], { timeoutMs, manyFiles: true }));
      await waitAccepting(probe);
    }
    const client = new Child(['node', ...setup.nodeFlags, peer, 'client', String(port), kase, String(mode.echoMs), String(mode.warmupMs), String(concurrency), String(mode.maxIters)], { timeoutMs, manyFiles: true });
    children.push(client);
    const result = await client.json<{ iters: number; elapsedMs: number }>('RESULT', timeoutMs);
    return (result.iters * 1000) / result.elapsedMs;
  } finally {
    for (const child of children) child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitAccepting(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('haproxy did not start');
}
