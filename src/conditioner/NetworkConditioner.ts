import type { Clock } from '../services/Clock.js';
import type { ConditionerOptions } from './ConditionerOptions.js';
import { RateLimit } from './RateLimit.js';
import { SeededRandom } from './SeededRandom.js';

/**
 * What a conditioner has done to the datagrams offered to it, for a test to check against.
 *
 * @example
 * ```ts
 * const conditioner = new NetworkConditioner({ seed: 3, loss: 0.1 }, new SystemClock());
 * const { offered, lost } = conditioner.counts;
 * ```
 */
export interface ConditionerCounts {
  /** Datagrams offered. */
  offered: number;
  /** Dropped by `loss`. */
  lost: number;
  /** Dropped because the queue (`queueBytes`) was full. */
  overflowed: number;
  /** Delivered a second time. */
  duplicated: number;
  /** Held back to be overtaken. */
  reordered: number;
}

const DEFAULT_QUEUE_BYTES = 1024 * 1024;

/**
 * Decides, from one seed, what becomes of each datagram: dropped, delayed, reordered,
 * duplicated, rate-limited; then delivers the survivors on time through the clock.
 *
 * @remarks
 * Kernel `netem` is not always at hand (containers, CI); this does the same in process, in front
 * of any datagram transport ({@link ConditionedDatagramTransport}) or inside a relay between two
 * programs. Memory is bounded: at most `queueBytes` are held back at once, the rest dropped.
 * Every decision comes from the seeded source in the order datagrams are offered, so a run is
 * repeatable for the same traffic.
 *
 * @example
 * ```ts
 * const conditioner = new NetworkConditioner({ seed: 3, loss: 0.1, latencyMs: 20 }, new SystemClock());
 * const datagram = Uint8Array.of(1, 2, 3);
 * conditioner.offer(datagram.length, () => console.log('delivered', datagram));
 * ```
 */
export class NetworkConditioner {
  /** What it has done so far. */
  readonly counts: ConditionerCounts = { offered: 0, lost: 0, overflowed: 0, duplicated: 0, reordered: 0 };
  readonly #random: SeededRandom;
  readonly #options: Settings;
  readonly #clock: Clock;
  #held = 0;
  /** The rate limit, or `null` when there is none. */
  readonly #rate: RateLimit | null;
  /** Whether the last datagram was lost (a burst goes on). */
  #inBurst = false;
  readonly #timers = new Set<() => void>();

  /**
   * A conditioner with `options` (each checked) running on `clock`.
   *
   * @throws RangeError for a share outside 0 to 1 or a negative time, rate or size.
   * @example
   * ```ts
   * new NetworkConditioner({ seed: 1, loss: 0.02 }, new SystemClock());
   * ```
   */
  constructor(options: ConditionerOptions, clock: Clock) {
    this.#options = settingsOf(options);
    this.#random = new SeededRandom(options.seed ?? 1);
    this.#clock = clock;
    const { bytesPerSecond, burstBytes } = this.#options;
    this.#rate = bytesPerSecond > 0 ? new RateLimit(bytesPerSecond, burstBytes) : null;
  }

  /** Bytes held back now (delayed or waiting for the rate limit). */
  get heldBytes(): number {
    return this.#held;
  }

  /**
   * Offers one datagram of `size` bytes; `deliver` runs once (or twice, when duplicated) at its
   * time — within this call when nothing delays it — or never when it is dropped.
   *
   * @example
   * ```ts
   * const conditioner = new NetworkConditioner({ latencyMs: 40 }, new SystemClock());
   * conditioner.offer(3, () => console.log('40 ms later'));
   * ```
   */
  offer(size: number, deliver: () => void): void {
    const options = this.#options;
    this.counts.offered++;
    // Draw every choice for every datagram, so one option's setting does not shift the others' draws.
    const lost = this.#lost(this.#random.next());
    const duplicated = this.#random.next() < options.duplicate;
    const reordered = this.#random.next() < options.reorder;
    const jitter = this.#random.next() * options.jitterMs;
    if (lost) {
      this.counts.lost++;
      return;
    }
    const copies = duplicated ? 2 : 1;
    if (this.#held + copies * size > options.queueBytes) {
      this.counts.overflowed++;
      return;
    }
    if (duplicated) this.counts.duplicated++;
    if (reordered) this.counts.reordered++;
    let delay = options.latencyMs + jitter + (reordered ? options.reorderDelayMs : 0);
    if (this.#rate !== null) delay += this.#rate.delay(copies * size, this.#clock.now());
    // Nothing to wait for: delivered now, not after a timer (which Node fires 1 ms later at the soonest).
    if (delay <= 0) for (let i = 0; i < copies; i++) deliver();
    else for (let i = 0; i < copies; i++) this.#later(size, delay, deliver);
  }

  /** Whether a datagram is lost, from its draw: on its own, or in a burst that goes on (the Gilbert model). */
  #lost(draw: number): boolean {
    const { loss, burstLength } = this.#options;
    if (burstLength <= 1) return draw < loss;
    this.#inBurst = draw < (this.#inBurst ? 1 - 1 / burstLength : loss);
    return this.#inBurst;
  }

  /** Drops everything held back (the endpoint closed). */
  clear(): void {
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    this.#held = 0;
  }

  #later(size: number, delayMs: number, deliver: () => void): void {
    this.#held += size;
    const cancel = this.#clock.schedule(() => {
      this.#timers.delete(cancel);
      this.#held -= size;
      deliver();
    }, delayMs);
    this.#timers.add(cancel);
  }
}

/** Every option but the seed, filled in. */
type Settings = Required<Omit<ConditionerOptions, 'seed' | 'bytesPerSecond'>> & { readonly bytesPerSecond: number };

/**
 * The options filled in with their defaults, each checked.
 *
 * @throws RangeError for a share outside 0 to 1 or a negative time, rate or size.
 * @internal
 */
export function settingsOf(options: ConditionerOptions): Settings {
  const share = (name: keyof ConditionerOptions): number => check(name, options[name] ?? 0, 1);
  const amount = (name: keyof ConditionerOptions, fallback: number): number => check(name, options[name] ?? fallback, Number.MAX_SAFE_INTEGER);
  const latencyMs = amount('latencyMs', 0);
  const burstLength = amount('burstLength', 1);
  if (burstLength < 1) throw new RangeError(`NetworkConditioner: burstLength ${burstLength} is below 1`);
  return {
    burstLength,
    burstBytes: amount('burstBytes', 0),
    loss: share('loss'),
    duplicate: share('duplicate'),
    reorder: share('reorder'),
    latencyMs,
    jitterMs: amount('jitterMs', 0),
    reorderDelayMs: amount('reorderDelayMs', Math.max(10, 3 * latencyMs)),
    bytesPerSecond: amount('bytesPerSecond', 0),
    queueBytes: amount('queueBytes', DEFAULT_QUEUE_BYTES),
  };
}

function check(name: string, value: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    throw new RangeError(`NetworkConditioner: ${name} ${String(value)} is not a number from 0 to ${max}`);
  }
  return value;
}
