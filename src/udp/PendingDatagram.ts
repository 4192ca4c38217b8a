import type { IpAddress } from '../address/IpAddress.js';
import type { Packet } from '../packet/Packet.js';
import type { DatagramWaiter } from './DatagramQueue.js';
import { type DatagramResult, type DatagramSenderResult, UNBOUND_DATAGRAM, deliverDatagram } from './DatagramResult.js';

/** What a receive of either form answers. */
type AnyDatagramResult = DatagramResult | DatagramSenderResult;

/**
 * A blocking `UdpSocket.receive` waiting for a datagram: one object with what the wait needs
 * (the target and the Promise's settle functions) and no closure of its own.
 *
 * @internal
 */
export class PendingDatagram implements DatagramWaiter {
  readonly #target: Packet | number;
  readonly #resolve: (result: AnyDatagramResult) => void;
  readonly #reject: (error: unknown) => void;

  constructor(target: Packet | number, resolve: (result: AnyDatagramResult) => void, reject: (error: unknown) => void) {
    this.#target = target;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** Settles the receive with what its target makes of the datagram (rejects it if that throws). */
  deliver(data: Uint8Array, address: IpAddress | null, port: number): void {
    try {
      this.#resolve(deliverDatagram(data, address, port, this.#target));
    } catch (error) {
      this.#reject(error);
    }
  }

  /** Settles the receive `Disconnected`: the socket was unbound while it waited. */
  unbound(): void {
    this.#resolve(UNBOUND_DATAGRAM);
  }
}
