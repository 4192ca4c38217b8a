/**
 * Runs test/interop/peers/enet_probe.c (the ENet C library's side of the enetDelivery, enetControl
 * and enetTimeouts tests) as a child process: its port, the lines it prints as they come, its pid
 * (for SIGSTOP), and its end; it is killed in `t.teardown` if still running.
 */
import { spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { EnetEventType, type EnetEvent, EnetHost, type EnetHostSettings, type EnetPeer, IpAddress, SocketStatus } from '../../src/index.js';
import type { PeerCommand } from './toolchain.js';

/** A running probe. */
export interface Probe {
  /** The process id. */
  readonly pid: number;
  /** The port a server-mode probe printed; rejects if it exits first. */
  readonly port: Promise<number>;
  /** The exit code (or `null` when killed by a signal) once it ended. */
  readonly exited: Promise<number | null>;
  /** Everything it printed so far. */
  output(): string;
  /** The first line (printed already or later) matching `pattern`; rejects with the output if it exits or `timeoutMs` passes first. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
}

/** Starts the probe with `<mode> <scenario> 127.0.0.1 <port> …args`. */
export function startProbe(t: ExecutionContext, peer: PeerCommand, args: readonly (string | number)[]): Probe {
  const child = spawn(peer.file, [...peer.args, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let partial = '';
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let ended = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output += `spawn failed: ${error.message}\n`;
      ended = true;
      waiters.forEach((wake) => wake());
      resolve(null);
    });
    child.once('close', (code) => {
      ended = true;
      waiters.forEach((wake) => wake());
      resolve(code);
    });
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const split = (partial + chunk).split('\n');
    partial = split.pop() ?? '';
    lines.push(...split);
    waiters.forEach((wake) => wake());
  });
  const line = (pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${output}`)), timeoutMs);
      const finish = (error: Error | null, match?: RegExpExecArray): void => {
        clearTimeout(timer);
        waiters.delete(look);
        if (error === null) resolve(match as RegExpExecArray);
        else reject(error);
      };
      const look = (): void => {
        for (const text of lines) {
          const match = pattern.exec(text);
          if (match !== null) return finish(null, match);
        }
        if (ended) finish(new Error(`the probe ended without a line matching ${pattern}; output:\n${output}`));
      };
      waiters.add(look);
      look();
    });
  const port = line(/^port (\d+)$/).then((match) => Number(match[1]));
  port.catch(() => undefined);
  return { pid: child.pid ?? -1, port, exited, output: () => output, line };
}

/** Takes events from `host` until `done()` is true or `timeoutMs` passes, giving each to `onEvent`. */
export async function pump(host: EnetHost, onEvent: (event: EnetEvent) => void, done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) {
    const { event } = await host.service(10);
    if (event !== undefined && event !== null) onEvent(event);
  }
}

/** An SDK host listening on a free loopback port, closed at teardown. */
export async function listeningHost(t: ExecutionContext, settings: EnetHostSettings = {}): Promise<EnetHost> {
  const host = new EnetHost({ peerCount: 2, ...settings });
  t.teardown(() => host.close());
  t.is((await host.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  return host;
}

/** Waits for the first connect event of `host`; `null` (after failing the test) when none comes. */
export async function accepted(t: ExecutionContext, host: EnetHost, timeoutMs = 10_000): Promise<EnetPeer | null> {
  let peer: EnetPeer | null = null;
  await pump(host, (event) => {
    if (event.type === EnetEventType.Connect) peer = event.peer;
  }, () => peer !== null, timeoutMs);
  if (peer === null) t.fail('the ENet C client never connected');
  return peer;
}

/** An SDK host connected to `port` with 2 channels, closed at teardown; `null` (after failing the test) when it could not connect. */
export async function connectedHost(t: ExecutionContext, port: number, settings: EnetHostSettings = {}): Promise<{ host: EnetHost; peer: EnetPeer } | null> {
  const host = new EnetHost({ peerCount: 1, ...settings });
  t.teardown(() => host.close());
  const { status, peer } = await host.connect(IpAddress.LocalHost, port, 2);
  t.is(status, SocketStatus.Done);
  return peer === null ? null : { host, peer };
}
