import { SystemClock, type Clock } from '../services/Clock.js';
import type { BindOptions, DatagramEndpoint, DatagramHandler, DatagramTransport } from '../transport/DatagramTransport.js';
import type { DirectedConditionerOptions } from './ConditionerOptions.js';
import { ConditionedDatagramEndpoint } from './ConditionedDatagramEndpoint.js';
import { type ConditionerCounts, NetworkConditioner, settingsOf } from './NetworkConditioner.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * A datagram transport seen through a bad network: every datagram an endpoint sends passes a
 * {@link NetworkConditioner} (loss, delay, jitter, reordering, duplication, a rate limit) before
 * it reaches the transport underneath. Seeded, so a run repeats.
 *
 * @remarks
 * Each endpoint gets its own conditioner, seeded with `seed` plus its order of binding, so two
 * sockets made in the same order see the same losses in every run. The options apply to what an
 * endpoint sends; `inbound` options, when given, to what it receives (a conditioner of their own,
 * seeded apart), so one side alone can impair both directions. `counts` adds up what every
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
  readonly #options: DirectedConditionerOptions;
  readonly #clock: Clock;
  readonly #conditioners: NetworkConditioner[] = [];

  /**
   * Wraps `inner`.
   *
   * @param inner - the transport that carries what survives.
   * @param options - the impairments of what is sent, the seed, and `inbound` for what is received.
   * @param clock - the timers delays run on (default: the system's).
   * @throws RangeError for an option out of range.
   * @example
   * ```ts
   * new ConditionedDatagramTransport(new MemoryDatagramTransport(), { seed: 1, loss: 0.5 });
   * ```
   */
  constructor(inner: DatagramTransport, options: DirectedConditionerOptions, clock: Clock = new SystemClock()) {
    // Checked now, not at the first bind.
    settingsOf(options);
    if (options.inbound !== undefined) settingsOf(options.inbound);
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
    const order = this.#conditioners.length;
    const seed = (this.#options.seed ?? 1) + order;
    const conditioner = new NetworkConditioner({ ...this.#options, seed }, this.#clock);
    this.#conditioners.push(conditioner);
    const inbound = this.#options.inbound;
    if (inbound === undefined) return new ConditionedDatagramEndpoint(await this.#inner.bind(options, handler), conditioner);
    // Seeded apart from the outbound side, so turning one direction on does not change the other's draws.
    const incoming = new NetworkConditioner({ ...inbound, seed: (inbound.seed ?? seed) + 0x9e37 + order }, this.#clock);
    this.#conditioners.push(incoming);
    const delayed: DatagramHandler = {
      message: (data, address, port) => {
        // The bytes may be the transport's own buffer: keep a copy for a delayed delivery.
        const copy = copyBytes(data);
        incoming.offer(copy.length, () => handler.message(copy, address, port));
      },
      error: (error) => handler.error(error),
    };
    // Closing the endpoint clears both conditioners: nothing held back is delivered afterwards.
    return new ConditionedDatagramEndpoint(await this.#inner.bind(options, delayed), conditioner, incoming);
  }
}
