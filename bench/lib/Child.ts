/** One benchmark process started by the orchestrator: its output lines, its exit, a time limit. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';

/** How to start a child. */
export interface ChildOptions {
  /** Pin to this CPU with `taskset -c`; undefined leaves it free. */
  readonly cpu?: number | undefined;
  /** Raise the open-files limit first (many connections). */
  readonly manyFiles?: boolean;
  /** Killed (SIGKILL, by its own pid) after this long. */
  readonly timeoutMs: number;
}

/** Whether `taskset` works here (it does on Linux with util-linux). */
const canPin = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const cpuCount = os.cpus().length;

/** A started process whose stdout lines are matched by their first word. */
export class Child {
  readonly #process: ChildProcess;
  readonly #lines: string[] = [];
  readonly #waiters: Array<() => void> = [];
  readonly #timer: NodeJS.Timeout;
  readonly #name: string;
  #stderr = '';
  #exitCode: number | null | undefined;
  /** Settles with the exit code once the process is gone. */
  readonly exited: Promise<number | null>;

  constructor(command: readonly string[], options: ChildOptions) {
    let argv = [...command];
    if (options.manyFiles === true) argv = ['sh', '-c', 'ulimit -n 65536 2>/dev/null || ulimit -n 20000; exec "$@"', 'sh', ...argv];
    if (options.cpu !== undefined && canPin) argv = ['taskset', '-c', String(options.cpu % cpuCount), ...argv];
    this.#name = command.slice(0, 4).join(' ');
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#process = child;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => this.#line(line));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-2000);
    });
    this.#timer = setTimeout(() => this.kill(), options.timeoutMs);
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        clearTimeout(this.#timer);
        this.#stderr += String(error);
        this.#exitCode = null;
        this.#wake();
        resolve(null);
      });
      child.on('exit', (code) => {
        clearTimeout(this.#timer);
        this.#exitCode = code;
        this.#wake();
        resolve(code);
      });
    });
  }

  /** The rest of the first output line starting with `tag`; rejects if the process ends first or `timeoutMs` passes. */
  async line(tag: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.#lines.find((line) => line.startsWith(`${tag} `));
      if (found !== undefined) return found.slice(tag.length + 1);
      if (this.#exitCode !== undefined) throw new Error(`${this.#name} exited (${String(this.#exitCode)}) without ${tag}: ${this.#stderr.trim()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.#name}: no ${tag} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Parses the JSON after `tag`. */
  async json<T>(tag: string, timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.line(tag, timeoutMs)) as T;
  }

  /** Writes a line to the process's stdin. */
  send(line: string): void {
    this.#process.stdin?.write(`${line}\n`);
  }

  /** Ends the process now (it was started here; killed by its own pid). */
  kill(): void {
    if (this.#exitCode === undefined) this.#process.kill('SIGKILL');
  }

  /** The pid. */
  get pid(): number {
    return this.#process.pid ?? -1;
  }

  #line(line: string): void {
    this.#lines.push(line);
    this.#wake();
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
