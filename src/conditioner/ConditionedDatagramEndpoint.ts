import { SocketError } from '../core/SocketError.js';
import type { DatagramEndpoint } from '../transport/DatagramTransport.js';
import type { NetworkConditioner } from './NetworkConditioner.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * An endpoint whose sends pass a {@link NetworkConditioner}: made by `ConditionedDatagramTransport`.
 *
 * @remarks
 * A send is answered at once, as a datagram handed to the system is: what the network later does
 * to it (loss, delay) is never reported to the sender, as with real UDP. Sends after `close` are
 * refused; datagrams still held back are dropped by `close`.
 *
 * @internal
 */
export class ConditionedDatagramEndpoint implements DatagramEndpoint {
  readonly #inner: DatagramEndpoint;
  readonly #conditioner: NetworkConditioner;
  readonly #incoming: NetworkConditioner | undefined;
  #closed = false;

  constructor(inner: DatagramEndpoint, conditioner: NetworkConditioner, incoming?: NetworkConditioner) {
    this.#inner = inner;
    this.#conditioner = conditioner;
    this.#incoming = incoming;
  }

  get localAddress(): string {
    return this.#inner.localAddress;
  }

  get localPort(): number {
    return this.#inner.localPort;
  }

  send(data: Uint8Array, address: string, port: number): Promise<void> {
    if (this.#closed) return Promise.reject(new SocketError('Reset', 'send: the endpoint is closed', { code: 'ERR_SOCKET_DGRAM_NOT_RUNNING' }));
    // What the system refuses at once is refused at once here too, not lost later in silence.
    const limit = address.includes(':') ? 65527 : 65507;
    if (data.length > limit) {
      return Promise.reject(new SocketError('TooLarge', `send: ${data.length} bytes exceed the limit of ${limit}`, { code: 'EMSGSIZE', syscall: 'send' }));
    }
    // The bytes are the caller's: keep a copy for a delayed delivery.
    const copy = copyBytes(data);
    this.#conditioner.offer(copy.length, () => {
      if (!this.#closed) this.#inner.send(copy, address, port).catch(() => undefined);
    });
    return Promise.resolve();
  }

  setBroadcast(enable: boolean): void {
    this.#inner.setBroadcast(enable);
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#conditioner.clear();
    this.#incoming?.clear();
    return this.#inner.close();
  }
}
