import { SystemClock, type Clock } from '../services/Clock.js';
import type { DatagramEndpoint, DatagramTransport } from '../transport/DatagramTransport.js';
import type { ConditionerOptions } from './ConditionerOptions.js';
import { type ConditionerCounts, NetworkConditioner, settingsOf } from './NetworkConditioner.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * Where a {@link UdpRelay} forwards to.
 *
 * @example
 * ```ts
 * const target: UdpRelayTarget = { address: '127.0.0.1', port: 7777 };
 * ```
 */
export interface UdpRelayTarget {
  /** A numeric IPv4 or IPv6 address. */
  readonly address: string;
  /** Its port. */
  readonly port: number;
}

/**
 * What the conditioners of a {@link UdpRelay} did, each way, added up over its clients.
 *
 * @example
 * ```ts
 * const { forward, backward }: UdpRelayCounts = relay.counts;
 * console.log(forward.lost + backward.lost, 'datagrams lost');
 * ```
 */
export interface UdpRelayCounts {
  /** From clients to the target. */
  readonly forward: ConditionerCounts;
  /** From the target back to clients. */
  readonly backward: ConditionerCounts;
}

/**
 * Where a {@link UdpRelay} listens, where it forwards to, and what it does to datagrams each way.
 *
 * @example
 * ```ts
 * const options: UdpRelayOptions = { target: { address: '127.0.0.1', port: 7777 }, forward: { seed: 1, loss: 0.2 }, backward: { seed: 2, loss: 0.2 } };
 * ```
 */
export interface UdpRelayOptions {
  /** The server the relay forwards to: a numeric address and its port. */
  readonly target: UdpRelayTarget;
  /** The local address to listen on (default `'127.0.0.1'`). */
  readonly address?: string;
  /** The port to listen on (default 0: a free one, read it from {@link UdpRelay.port}). */
  readonly port?: number;
  /** What happens to datagrams from clients to the target (default: nothing). */
  readonly forward?: ConditionerOptions;
  /** What happens to datagrams from the target back to clients (default: nothing). */
  readonly backward?: ConditionerOptions;
  /** The most clients relayed at once, each with its own upstream port (default 64); datagrams of more are dropped. */
  readonly maxClients?: number;
}

/** One client: its upstream endpoint and its two conditioners. */
interface Route {
  readonly upstream: Promise<DatagramEndpoint>;
  readonly forward: NetworkConditioner;
  readonly backward: NetworkConditioner;
}

/**
 * The network conditioner as a UDP relay between two real processes (kernel `netem` in user
 * space): clients send to the relay's port, it forwards to the target through one seeded
 * {@link NetworkConditioner}, and the replies come back through another.
 *
 * @remarks
 * Each client (address and port) gets its own upstream port, so the target sees one peer per
 * client, and its own pair of conditioners, seeded with the options' seed plus the client's
 * order of arrival, so a run repeats. Built on a {@link DatagramTransport}: pass
 * `new NodeDatagramTransport()` for real sockets. `bench/udpRelay.ts` runs it from the command line.
 *
 * @example
 * ```ts
 * const relay = await UdpRelay.start(new NodeDatagramTransport(), {
 *   target: { address: '127.0.0.1', port: 7777 },
 *   forward: { seed: 1, loss: 0.2, reorder: 0.1 },
 *   backward: { seed: 2, loss: 0.2, duplicate: 0.1 },
 * });
 * console.log('connect to port', relay.port);
 * await relay.close();
 * ```
 */
export class UdpRelay {
  readonly #transport: DatagramTransport;
  readonly #options: UdpRelayOptions;
  readonly #clock: Clock;
  readonly #routes = new Map<string, Route>();
  #listener: DatagramEndpoint | null = null;
  #closed = false;

  private constructor(transport: DatagramTransport, options: UdpRelayOptions, clock: Clock) {
    this.#transport = transport;
    this.#options = options;
    this.#clock = clock;
  }

  /**
   * Starts a relay: binds its port and forwards from then on.
   *
   * @param transport - the datagram transport (e.g. `new NodeDatagramTransport()`).
   * @param options - target, port and impairments.
   * @param clock - the timers delays run on (default: the system's).
   * @returns the running relay.
   * @throws RangeError for an impairment out of range; rejects with a `SocketError` when the port cannot be bound.
   * @example
   * ```ts
   * const relay = await UdpRelay.start(new NodeDatagramTransport(), { target: { address: '::1', port: 9000 }, address: '::1' });
   * ```
   */
  static async start(transport: DatagramTransport, options: UdpRelayOptions, clock: Clock = new SystemClock()): Promise<UdpRelay> {
    settingsOf(options.forward ?? {});
    settingsOf(options.backward ?? {});
    const relay = new UdpRelay(transport, options, clock);
    const address = options.address ?? '127.0.0.1';
    relay.#listener = await transport.bind(
      { host: address, port: options.port ?? 0, family: address.includes(':') ? 6 : 4 },
      { message: (data, from, port) => relay.#fromClient(data, from, port), error: () => undefined },
    );
    return relay;
  }

  /**
   * The port clients send to.
   *
   * @example
   * ```ts
   * relay.port; // e.g. 41234
   * ```
   */
  get port(): number {
    return this.#listener?.localPort ?? 0;
  }

  /**
   * What the conditioners did, added up over clients, each way.
   *
   * @example
   * ```ts
   * console.log(relay.counts.forward.lost, 'datagrams lost on the way to the server');
   * ```
   */
  get counts(): UdpRelayCounts {
    const sum = (pick: (route: Route) => NetworkConditioner): ConditionerCounts => {
      const total: ConditionerCounts = { offered: 0, lost: 0, overflowed: 0, duplicated: 0, reordered: 0 };
      for (const route of this.#routes.values()) {
        const { counts } = pick(route);
        for (const key of Object.keys(total) as Array<keyof ConditionerCounts>) total[key] += counts[key];
      }
      return total;
    };
    return { forward: sum((route) => route.forward), backward: sum((route) => route.backward) };
  }

  /**
   * Stops relaying: every port is closed and datagrams held back are dropped.
   *
   * @example
   * ```ts
   * await relay.close(); // the port is free again when this resolves
   * console.log(relay.port); // 0
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closing: Promise<void>[] = [this.#listener?.close() ?? Promise.resolve()];
    for (const route of this.#routes.values()) {
      route.forward.clear();
      route.backward.clear();
      closing.push(route.upstream.then((endpoint) => endpoint.close(), () => undefined));
    }
    this.#routes.clear();
    await Promise.all(closing);
  }

  #fromClient(data: Uint8Array, address: string, port: number): void {
    const route = this.#route(address, port);
    if (route === null) return;
    const copy = copyBytes(data);
    const { target } = this.#options;
    route.forward.offer(copy.length, () => {
      void route.upstream.then((endpoint) => endpoint.send(copy, target.address, target.port)).catch(() => undefined);
    });
  }

  #route(address: string, port: number): Route | null {
    const key = `${address}|${port}`;
    const known = this.#routes.get(key);
    if (known !== undefined || this.#closed) return known ?? null;
    if (this.#routes.size >= (this.#options.maxClients ?? 64)) return null;
    const index = this.#routes.size;
    const seeded = (options: ConditionerOptions | undefined, offset: number): NetworkConditioner =>
      new NetworkConditioner({ ...options, seed: (options?.seed ?? 1) + offset }, this.#clock);
    const backward = seeded(this.#options.backward, 1000 + index);
    const target = this.#options.target;
    const upstream = this.#transport.bind({ host: target.address.includes(':') ? '::' : '0.0.0.0', port: 0, family: target.address.includes(':') ? 6 : 4 }, {
      message: (data) => {
        const copy = copyBytes(data);
        backward.offer(copy.length, () => void this.#listener?.send(copy, address, port).catch(() => undefined));
      },
      error: () => undefined,
    });
    upstream.catch(() => undefined);
    const route: Route = { upstream, forward: seeded(this.#options.forward, index), backward };
    this.#routes.set(key, route);
    return route;
  }
}
