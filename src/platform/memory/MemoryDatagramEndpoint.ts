import { SocketError } from '../../core/SocketError.js';
import type { DatagramEndpoint, DatagramHandler } from '../../transport/DatagramTransport.js';
import { copyBytes } from '../../core/copyBytes.js';

/** The largest UDP payload of each family, as the system enforces it. */
const MAX_PAYLOAD = { 4: 65507, 6: 65527 } as const;

/**
 * Where an endpoint's datagrams go: the network of the {@link MemoryDatagramTransport} that made it.
 *
 * @internal
 */
export interface DatagramNetwork {
  /** Hands a copy of `data` to the endpoint at `address`:`port`, from `from`; dropped when nobody is there. */
  deliver(data: Uint8Array, address: string, port: number, from: MemoryDatagramEndpoint): void;
  /** Forgets a closed endpoint. */
  remove(endpoint: MemoryDatagramEndpoint): void;
}

/**
 * A bound in-process datagram endpoint made by {@link MemoryDatagramTransport}.
 *
 * @remarks
 * Datagrams keep their boundaries, arrive on a later turn of the event loop and are dropped when
 * nobody is bound at the destination, as UDP's are. A payload above the family's limit
 * (65,507 bytes over IPv4, 65,527 over IPv6) is refused with `'TooLarge'` (`EMSGSIZE`).
 *
 * @example
 * ```ts
 * const endpoint = await new MemoryDatagramTransport().bind({ host: '127.0.0.1', port: 0, family: 4 }, handler);
 * await endpoint.send(Uint8Array.of(1), '127.0.0.1', endpoint.localPort);
 * ```
 */
export class MemoryDatagramEndpoint implements DatagramEndpoint {
  readonly localAddress: string;
  readonly localPort: number;
  /** The family it was bound with. */
  readonly family: 4 | 6;
  readonly #network: DatagramNetwork;
  readonly #handler: DatagramHandler;
  #closed = false;

  /**
   * Binds an endpoint on `network` (the transport does this).
   *
   * @internal
   */
  constructor(network: DatagramNetwork, address: string, port: number, family: 4 | 6, handler: DatagramHandler) {
    this.#network = network;
    this.localAddress = address;
    this.localPort = port;
    this.family = family;
    this.#handler = handler;
  }

  /** Whether `close` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  send(data: Uint8Array, address: string, port: number): Promise<void> {
    if (this.#closed) return Promise.reject(new SocketError('Reset', 'send: the endpoint is closed', { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' }));
    const family = address.includes(':') ? 6 : 4;
    if (family === 6 && this.family === 4) {
      return Promise.reject(new SocketError('Unreachable', `send to ${address}: an IPv4 endpoint reaches no IPv6 address`, { code: 'EAFNOSUPPORT' }));
    }
    const limit = MAX_PAYLOAD[family];
    if (data.length > limit) {
      return Promise.reject(new SocketError('TooLarge', `send: ${data.length} bytes exceed the IPv${family} limit of ${limit}`, { code: 'EMSGSIZE', syscall: 'send' }));
    }
    this.#network.deliver(copyBytes(data), address, port, this);
    return Promise.resolve();
  }

  /**
   * Delivers a datagram that arrived (the network does this).
   *
   * @internal
   */
  receive(data: Uint8Array, address: string, port: number): void {
    if (!this.#closed) this.#handler.message(data, address, port);
  }

  setBroadcast(enable: boolean): void {
    void enable;
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#network.remove(this);
    }
    return Promise.resolve();
  }
}
