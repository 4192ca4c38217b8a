import { SystemClock, type Clock } from '../services/Clock.js';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../transport/DatagramTransport.js';
import type { ConditionerOptions } from './ConditionerOptions.js';
import { ConditionedDatagramEndpoint } from './ConditionedDatagramEndpoint.js';
import { type ConditionerCounts, NetworkConditioner, settingsOf } from './NetworkConditioner.js';

/**
 * A datagram transport seen through a bad network: every datagram an endpoint sends passes a
 * {@link NetworkConditioner} (loss, delay, jitter, reordering, duplication, a rate limit) before
 * it reaches the transport underneath. Seeded, so a run repeats.
 *
 * @remarks
 * Each endpoint gets its own conditioner, seeded with `seed` plus its order of binding, so two
 * sockets made in the same order see the same losses in every run. Only sends are conditioned:
 * condition both peers to impair both directions. `counts` adds up what every endpoint's
 * conditioner did.
 *
 * @example
 * ```ts
 * const datagramTransport = new ConditionedDatagramTransport(new NodeDatagramTransport(), { seed: 7, loss: 0.1, latencyMs: 30 });
 * const socket = new UdpSocket({ datagramTransport });
 * ```
 */
export class ConditionedDatagramTransport implements DatagramTransport {
  readonly #inner: DatagramTransport;
  readonly #options: ConditionerOptions;
  readonly #clock: Clock;
  readonly #conditioners: NetworkConditioner[] = [];

  /**
   * Wraps `inner`.
   *
   * @param inner - the transport that carries what survives.
   * @param options - the impairments and the seed.
   * @param clock - the timers delays run on (default: the system's).
   * @throws RangeError for an option out of range.
   * @example
   * ```ts
   * new ConditionedDatagramTransport(new MemoryDatagramTransport(), { seed: 1, loss: 0.5 });
   * ```
   */
  constructor(inner: DatagramTransport, options: ConditionerOptions, clock: Clock = new SystemClock()) {
    settingsOf(options); // checked now, not at the first bind
    this.#inner = inner;
    this.#options = options;
    this.#clock = clock;
  }

  /** What the conditioners of every endpoint bound so far have done, added up. */
  get counts(): ConditionerCounts {
    const total: ConditionerCounts = { offered: 0, lost: 0, overflowed: 0, duplicated: 0, reordered: 0 };
    for (const { counts } of this.#conditioners) {
      for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += counts[key];
    }
    return total;
  }

  async bind(options: BindOptions, handler: DatagramHandler): Promise<DatagramEndpoint> {
    const seed = (this.#options.seed ?? 1) + this.#conditioners.length;
    const conditioner = new NetworkConditioner({ ...this.#options, seed }, this.#clock);
    this.#conditioners.push(conditioner);
    return new ConditionedDatagramEndpoint(await this.#inner.bind(options, handler), conditioner);
  }
}
