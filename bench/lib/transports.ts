/** The TLS and Unix-socket groups of the bench: the SDK against hand-written node:tls / node:net framing, and what they need. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Mode, Placement } from './modes.js';
import { runEcho, type Setup } from './runners.js';
import type { Impl, PeerSpec } from './spec.js';
import type { Group } from './Group.js';

const IMPLS: readonly Impl[] = ['sdk', 'raw'];

/**
 * Makes a throw-away certificate for `localhost` (never committed) in a temporary folder, names it
 * in `SFNET_BENCH_TLS` for the peer processes, and returns a function that removes it; `null` when
 * openssl is missing.
 */
export function makeBenchCertificates(): (() => void) | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-bench-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'server.key'),
      '-out', path.join(dir, 'server.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'pipe' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  // Self-signed: the certificate is its own authority.
  copyFileSync(path.join(dir, 'server.pem'), path.join(dir, 'ca.pem'));
  process.env.SFNET_BENCH_TLS = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}

function specOf(mode: Mode, kase: PeerSpec['kase'], host: string, inflight: number, durationMs: number): PeerSpec {
  return { role: 'server', kase, host, port: 0, size: 64, inflight, durationMs, warmupMs: mode.warmupMs, maxIters: mode.maxIters, connections: 1 };
}

function group(id: string, spec: PeerSpec, placement: Placement, setup: Setup, metrics: readonly string[], ratioMetrics: readonly string[]): Group {
  return {
    plan: { id, baseline: 'raw', metrics: [...metrics], ratioMetrics: [...ratioMetrics] },
    impls: IMPLS,
    run: async (impl) => ({ ...(await runEcho(impl as Impl, spec, placement, setup)) }),
  };
}

/** TLS ping-pong and pipelined, Unix ping-pong (64 B, each placement), and TLS handshakes per second. */
export function transportGroups(mode: Mode, setup: Setup): Group[] {
  const groups: Group[] = [];
  const latency = ['perSec', 'p50Us', 'p99Us', 'p999Us', 'clientCpuUs', 'serverCpuUs'];
  const unixPath = path.join(tmpdir(), `sfnet-bench-${process.pid}.sock`);
  for (const placement of mode.placements) {
    const ms = placement === 'pinned' ? mode.pinnedPingMs : mode.echoMs;
    groups.push(group(`tls ping-pong 64 B, ${placement}`, specOf(mode, 'pingpong', 'tls:127.0.0.1', 1, ms), placement, setup, latency, ['perSec', 'p99Us']));
    groups.push(group(`tls pipelined x64 64 B, ${placement}`, specOf(mode, 'pipeline', 'tls:127.0.0.1', 64, mode.echoMs), placement, setup, ['perSec', 'mbPerSec', 'clientCpuUs', 'serverCpuUs'], ['perSec']));
    groups.push(group(`unix ping-pong 64 B, ${placement}`, specOf(mode, 'pingpong', `unix:${unixPath}`, 1, ms), placement, setup, latency, ['perSec', 'p99Us']));
  }
  groups.push(group('tls handshakes, split', specOf(mode, 'handshake', 'tls:127.0.0.1', 1, mode.echoMs), 'split', setup, ['perSec', 'p50Us', 'p99Us', 'clientCpuUs', 'serverCpuUs'], ['perSec']));
  return groups;
}
