/**
 * Runs one interop peer as a child process: reads the port it prints, waits for its verdict,
 * and kills it in `t.teardown` if it is still running.
 */
import { spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import type { PeerCommand } from './toolchain.js';

/** How a peer ended: its exit code (or signal) and everything it printed. */
export interface PeerExit {
  readonly code: number | null;
  readonly signal: string | null;
  readonly output: string;
}

/** A running peer. */
export interface RunningPeer {
  /** The port a server-mode peer printed ("port <n>"); rejects if it exits first. */
  readonly port: Promise<number>;
  /** Settles when the peer has exited. */
  readonly exited: Promise<PeerExit>;
}

/**
 * Starts `peer` with `<mode> <scenario> <host> [port]`; the process is killed at teardown unless
 * it has exited by itself (each peer also has its own watchdog).
 */
export function startPeer(t: ExecutionContext, peer: PeerCommand, args: readonly (string | number)[]): RunningPeer {
  const child = spawn(peer.file, [...peer.args, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let onLine: ((line: string) => void) | undefined;
  const exited = new Promise<PeerExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, output: `${output}spawn failed: ${error.message}` }));
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine?.(line);
  });
  const port = new Promise<number>((resolve, reject) => {
    onLine = (line) => {
      const match = /^port (\d+)$/.exec(line.trim());
      if (match !== null) resolve(Number(match[1]));
    };
    void exited.then((end) => reject(new Error(`the ${peer.kind} peer exited before printing its port:\n${end.output}`)));
  });
  port.catch(() => undefined);
  return { port, exited };
}

/**
 * Waits for the peer to end and asserts it exited 0 with "ok <scenario>"; returns the rest of
 * that line (e.g. the checksum it computed).
 */
export async function verdict(t: ExecutionContext, peer: RunningPeer, scenario: string): Promise<string> {
  const end = await peer.exited;
  const line = end.output.split('\n').find((text) => text.startsWith(`ok ${scenario}`));
  t.is(end.code, 0, `peer exit (signal ${end.signal ?? 'none'}); output:\n${end.output}`);
  t.not(line, undefined, `peer verdict; output:\n${end.output}`);
  return (line ?? '').slice(`ok ${scenario}`.length).trim();
}
