import { execFileSync, spawn } from 'node:child_process';
import type { ExecutionContext } from 'ava';

/** Whether a JDK's `java` is on this machine. */
export const hasJava = ((): boolean => {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** A running Java peer: its printed port (server modes print "port N"), what it printed, and its end. */
export interface JavaPeer {
  readonly port: Promise<number>;
  output(): string;
  readonly done: Promise<string>;
}

/**
 * Runs a single-file Java program of test/interop/peers/ with the JDK's source launcher; it is
 * stopped by PID in teardown. `done` rejects with its output when it exits non-zero.
 */
export function startJavaSource(t: ExecutionContext, file: string, args: readonly string[]): JavaPeer {
  const source = new URL(`../../../test/interop/peers/${file}`, import.meta.url).pathname;
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', source, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, 'SIGKILL');
  });
  let output = '';
  let portSeen: (port: number) => void = () => undefined;
  const port = new Promise<number>((resolve) => (portSeen = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const match = /^port (\d+)$/m.exec(output);
    if (match !== null) portSeen(Number(match[1]));
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`java exited ${code}:\n${output}`)))),
  );
  done.catch(() => undefined);
  return { port, output: () => output, done };
}
