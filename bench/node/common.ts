/** Helpers shared by the Node benchmark processes: the measured window, CPU time and output lines. */
import { performance } from 'node:perf_hooks';
import type { ClientResult, PeerSpec } from '../lib/spec.js';
import { Latencies } from '../lib/stats.js';

/** CPU time (user + system) of this process so far, in milliseconds. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Prints the line the orchestrator waits for once a server listens. */
export function ready(port: number): void {
  process.stdout.write(`READY ${port}\n`);
}

/** Prints a result line. */
export function report(tag: string, value: object): void {
  process.stdout.write(`${tag} ${JSON.stringify(value)}\n`);
}

/** Ends the process after `ms` whatever happens, so no run can hang. */
export function hardExit(ms: number): void {
  setTimeout(() => {
    process.stderr.write(`hard exit after ${ms} ms\n`);
    process.exit(3);
  }, ms).unref();
}

/** A payload of `size` bytes with a recognisable pattern. */
export function payloadOf(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i & 0xff;
  return bytes;
}

/** The time limit for a whole client or server process of `spec`. */
export function lifetimeMs(spec: PeerSpec): number {
  return spec.warmupMs + spec.durationMs + 60_000;
}

/** The warm-up, then the measured window of an echo client: counts round trips and latencies. */
export class EchoWindow {
  readonly #spec: PeerSpec;
  readonly #latencies: Latencies;
  readonly #start = performance.now();
  #measuring = false;
  #t0 = 0;
  #cpu0 = 0;
  #iters = 0;
  #elapsed = 0;
  #cpu = 0;

  constructor(spec: PeerSpec) {
    this.#spec = spec;
    this.#latencies = new Latencies(spec.inflight === 1 ? Math.min(spec.maxIters, 4_000_000) : 1);
    if (spec.warmupMs <= 0) this.#begin(this.#start);
  }

  /** Notes one completed round trip (latency in µs); returns `false` once the window is over. */
  done(latencyUs: number): boolean {
    const now = performance.now();
    if (!this.#measuring) {
      if (now - this.#start >= this.#spec.warmupMs) this.#begin(now);
      return true;
    }
    this.#iters++;
    this.#latencies.add(latencyUs);
    if (now - this.#t0 < this.#spec.durationMs && this.#iters < this.#spec.maxIters) return true;
    this.#elapsed = now - this.#t0;
    this.#cpu = cpuMs() - this.#cpu0;
    return false;
  }

  /** The figures of the finished window. */
  result(extra: Partial<ClientResult> = {}): ClientResult {
    const { p50, p99, p999 } = this.#spec.inflight === 1 ? this.#latencies.percentiles() : { p50: 0, p99: 0, p999: 0 };
    return { iters: this.#iters, elapsedMs: this.#elapsed, p50Us: p50, p99Us: p99, p999Us: p999, cpuMs: this.#cpu, ...extra };
  }

  #begin(now: number): void {
    this.#measuring = true;
    this.#t0 = now;
    this.#cpu0 = cpuMs();
  }
}

/** Now, in microseconds, for latencies. */
export function nowUs(): number {
  return performance.now() * 1000;
}

/** The client side of an event-driven echo run: the send times in flight, the window, the end. */
export class EchoPump {
  readonly #window: EchoWindow;
  readonly #inflight: number;
  readonly #send: () => void;
  readonly #finish: () => void;
  readonly #sentAt: number[] = [];
  #running = true;

  constructor(spec: PeerSpec, send: () => void, finish: () => void) {
    this.#window = new EchoWindow(spec);
    this.#inflight = spec.inflight;
    this.#send = send;
    this.#finish = finish;
  }

  /** Puts the first packets in flight. */
  start(): void {
    for (let i = 0; i < this.#inflight; i++) this.#sendOne();
  }

  /** One echo came back: record it, then send the next or report and finish. */
  reply(): void {
    if (!this.#running) return;
    if (this.#window.done(nowUs() - (this.#sentAt.shift() ?? 0))) {
      this.#sendOne();
      return;
    }
    this.#running = false;
    report('RESULT', this.#window.result());
    this.#finish();
  }

  #sendOne(): void {
    this.#sentAt.push(nowUs());
    this.#send();
  }
}
