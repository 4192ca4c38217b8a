import { IpAddress } from '../address/IpAddress.js';
import { DISCONNECTED, DONE, failed, withSent } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { SendResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { SecurityError } from '../security/SecurityError.js';
import type { SocketContext } from '../services/SocketContext.js';
import type { DatagramEndpoint, DatagramHandler } from '../transport/DatagramTransport.js';
import type { DatagramQueue } from './DatagramQueue.js';
import { pickDestination } from './pickDestination.js';

/**
 * The largest UDP payload to an IPv4 destination: 65535 − 20 (IP header) − 8 (UDP header).
 *
 * @internal
 */
export const MAX_DATAGRAM_V4 = 65507;

/**
 * The largest UDP payload to an IPv6 destination: 65535 − 8 (UDP header), without jumbograms.
 *
 * @internal
 */
export const MAX_DATAGRAM_V6 = 65527;

/**
 * The system side of a `UdpSocket`: its endpoint through bind, implicit bind and unbind, and
 * the send procedure (destination, size limit, security check, hand-over). Received datagrams
 * go into the socket's queue; an unbind, or a failed bind, clears it and ends waiting receives.
 *
 * @remarks
 * A bind in progress is visible (`pending`), so sends wait for it and receives may already
 * queue. Every bind and unbind starts a new generation: an endpoint bound by an older one is
 * closed, and its datagrams are ignored.
 *
 * @internal
 */
export class DatagramBinding {
  readonly #context: SocketContext;
  readonly #queue: DatagramQueue;
  #endpoint: DatagramEndpoint | null = null;
  #pending: Promise<StatusResult> | null = null;
  /** Bumped by every bind and unbind: events of an older endpoint are ignored. */
  #generation = 0;
  /** Bumped by every unbind: sends in flight across one end as `Disconnected`. */
  #unbinds = 0;
  #broadcast = false;

  constructor(context: SocketContext, queue: DatagramQueue) {
    this.#context = context;
    this.#queue = queue;
  }

  /** The bound endpoint, or `null`. */
  get endpoint(): DatagramEndpoint | null {
    return this.#endpoint;
  }

  /** Whether the socket is bound or a bind is in progress. */
  get active(): boolean {
    return this.#endpoint !== null || this.#pending !== null;
  }

  /** The `SO_BROADCAST` setting, applied to every endpoint as it is bound. */
  get broadcast(): boolean {
    return this.#broadcast;
  }

  set broadcast(on: boolean) {
    this.#broadcast = on;
    this.#endpoint?.setBroadcast(on);
  }

  /** Binds now: `checkListen`, then the transport. */
  bind(port: number, local: IpAddress): Promise<StatusResult> {
    const generation = ++this.#generation;
    try {
      this.#context.securityManager.checkListen(port, local);
    } catch (error) {
      if (error instanceof SecurityError) return Promise.resolve(failed(error));
      throw error;
    }
    const pending = this.#open(port, local, generation);
    this.#pending = pending;
    void pending.then(() => {
      if (this.#pending === pending) this.#pending = null;
    });
    return pending;
  }

  /** Lets the endpoint go and clears the queue; resolves when the port is released. */
  async unbind(): Promise<void> {
    this.#generation++;
    this.#unbinds++;
    const endpoint = this.#endpoint;
    this.#endpoint = null;
    this.#pending = null;
    this.#queue.clear();
    await endpoint?.close();
  }

  /** Sends one datagram of `bytes` to `remote`:`port`, binding implicitly when unbound. */
  async send(bytes: Uint8Array, remote: IpAddress | string, port: number): Promise<SendResult> {
    if (this.#pending !== null) await this.#pending;
    const unbinds = this.#unbinds;
    const local = this.#endpoint === null ? null : IpAddress.tryParse(this.#endpoint.localAddress);
    const destination = await pickDestination(this.#context, remote, port, local);
    if (destination instanceof SocketError) return withSent(failed(destination), 0);
    const limit = destination.family === 6 ? MAX_DATAGRAM_V6 : MAX_DATAGRAM_V4;
    if (bytes.length > limit) {
      const message = `send: a datagram of ${bytes.length} bytes exceeds the IPv${destination.family} limit of ${limit} bytes`;
      return withSent(failed(new SocketError('TooLarge', message)), 0);
    }
    const endpoint = await this.#endpointFor(destination.family, unbinds);
    if (!('send' in endpoint)) return withSent(endpoint, 0);
    try {
      await endpoint.send(bytes, destination.toString(), port);
      return { status: SocketStatus.Done, sent: bytes.length };
    } catch (cause) {
      if (unbinds !== this.#unbinds) return withSent(DISCONNECTED, 0);
      const error = SocketError.is(cause) ? cause : new SocketError('System', `send to ${destination}:${port} failed`, { cause });
      return withSent(failed(error), 0);
    }
  }

  async #open(port: number, local: IpAddress, generation: number): Promise<StatusResult> {
    const handler: DatagramHandler = {
      message: (data, address, from) => {
        if (generation === this.#generation) this.#queue.push({ data, address: IpAddress.tryParse(address), port: from });
      },
      error: (error) => this.#context.logger.warn('UdpSocket: asynchronous error', { code: error.code, message: error.message }),
    };
    try {
      const endpoint = await this.#context.datagramTransport.bind({ host: local.toString(), port, family: local.family }, handler);
      if (generation !== this.#generation) {
        await endpoint.close();
        return DISCONNECTED;
      }
      this.#endpoint = endpoint;
      if (this.#broadcast) endpoint.setBroadcast(true);
      return DONE;
    } catch (cause) {
      if (generation === this.#generation) this.#queue.clear(); // receives that waited for this bind
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `bind ${local}:${port} failed`, { cause }));
    }
  }

  /** The endpoint to send from, binding to the "any" address of `family` when unbound; a result when there is none. */
  async #endpointFor(family: 4 | 6, unbinds: number): Promise<DatagramEndpoint | StatusResult> {
    if (this.#pending !== null) await this.#pending;
    if (unbinds !== this.#unbinds) return DISCONNECTED;
    if (this.#endpoint !== null) return this.#endpoint;
    const result = await this.bind(0, family === 6 ? IpAddress.AnyV6 : IpAddress.Any);
    return this.#endpoint ?? (result.status === SocketStatus.Done ? DISCONNECTED : result);
  }
}
