import type { IpAddress } from '../address/IpAddress.js';
import { ReusableWait } from '../core/ReusableWait.js';
import { Packet, clearReceived } from '../packet/Packet.js';
import { type DatagramResult, type DatagramSenderResult, UNBOUND_DATAGRAM, deliverDatagram } from './DatagramResult.js';

/**
 * What a receive of either form answers.
 *
 * @internal
 */
export type AnyDatagramResult = DatagramResult | DatagramSenderResult;

/**
 * A blocking receive waiting in a `DatagramQueue` (declared here, with its one implementation, so the queue imports this file and not the other way round).
 *
 * @internal
 */
export interface DatagramWaiter {
  /** Completes the receive with a datagram of `data` from `address`:`port`. */
  deliver(data: Uint8Array, address: IpAddress | null, port: number): void;
  /** Ends the receive: the socket was unbound. */
  unbound(): void;
}

/**
 * A blocking `UdpSocket.receive` waiting for a datagram: one object with what the wait needs
 * (the target and the Promise's resolve function) and no closure of its own; the queue begins
 * it again for the socket's next wait once it is answered.
 *
 * @internal
 */
export class PendingDatagram extends ReusableWait<Packet | number, AnyDatagramResult> implements DatagramWaiter {
  /** Completes the receive with a datagram of `data` from `address`:`port`. */
  deliver(data: Uint8Array, address: IpAddress | null, port: number): void {
    let result: AnyDatagramResult;
    try {
      result = deliverDatagram(data, address, port, this.target);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.answer(result);
  }

  /** Ends the receive: the socket was unbound (a packet target is cleared, as SFML clears it). */
  unbound(): void {
    const target = this.target;
    if (target instanceof Packet) clearReceived(target);
    this.answer(UNBOUND_DATAGRAM);
  }
}
