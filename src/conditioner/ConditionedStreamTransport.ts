import { SystemClock, type Clock } from '../services/Clock.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../transport/StreamTransport.js';
import type { StreamConditionerOptions } from './ConditionerOptions.js';
import { ConditionedStreamConnection } from './ConditionedStreamConnection.js';
import { DelayLine } from './DelayLine.js';

/**
 * A stream transport seen through a slow link: latency, jitter and a rate limit (with a burst
 * allowance) on what each connection writes and, with `inbound`, on what it receives. Seeded, so
 * a run repeats; order, half-close and backpressure are kept, as a real slow link keeps them.
 *
 * @remarks
 * Give it to a `TcpSocket` or `TcpListener` (or bind it in the container) to try a game over a
 * 150 ms link without changing the game's code. Each connection gets its own lines, seeded with
 * `seed` plus its order. Loss, duplication and reordering have no stream form (TCP repairs them
 * into delay): use {@link ConditionedDatagramTransport} for those.
 *
 * @example
 * ```ts
 * const streamTransport = new ConditionedStreamTransport(new NodeStreamTransport(), { seed: 4, latencyMs: 75, inbound: { latencyMs: 75 } });
 * const socket = new TcpSocket({ streamTransport }); // a 150 ms round trip on loopback
 * ```
 */
export class ConditionedStreamTransport implements StreamTransport {
  readonly #inner: StreamTransport;
  readonly #options: StreamConditionerOptions;
  readonly #clock: Clock;
  #made = 0;

  /**
   * Wraps `inner`.
   *
   * @param inner - the transport that carries the bytes.
   * @param options - the delay, jitter and rate of each direction, and the seed.
   * @param clock - the timers delays run on (default: the system's).
   * @throws RangeError for an option out of range.
   * @example
   * ```ts
   * new ConditionedStreamTransport(new MemoryStreamTransport(), { latencyMs: 20, bytesPerSecond: 64 * 1024 });
   * ```
   */
  constructor(inner: StreamTransport, options: StreamConditionerOptions, clock: Clock = new SystemClock()) {
    this.#inner = inner;
    this.#options = options;
    this.#clock = clock;
    this.#wrap(null); // checks the options now, not at the first connection
  }

  async connect(options: ConnectOptions): Promise<StreamConnection> {
    return this.#wrap(await this.#inner.connect(options)) as StreamConnection;
  }

  listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    return this.#inner.listen(options, (connection) => onConnection(this.#wrap(connection) as StreamConnection));
  }

  /** `connection` behind its own lines (or, for `null`, only the options checked). */
  #wrap(connection: StreamConnection | null): StreamConnection | null {
    const { inbound, ...outbound } = this.#options;
    const seed = (outbound.seed ?? 1) + this.#made;
    const out = new DelayLine({ ...outbound, seed }, this.#clock);
    const incoming = inbound === undefined ? null : new DelayLine({ ...inbound, seed: (inbound.seed ?? seed) + 0x9e37 }, this.#clock);
    if (connection === null) return null;
    this.#made++;
    return new ConditionedStreamConnection(connection, out, incoming);
  }
}
