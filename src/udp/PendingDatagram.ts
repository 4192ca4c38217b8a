import type { IpAddress } from '../address/IpAddress.js';
import { ReusableWait } from '../core/ReusableWait.js';
import { Packet, clearReceived } from '../packet/Packet.js';
import { SocketError } from '../core/SocketError.js';
import { type DatagramResult, type DatagramSenderResult, NO_DATAGRAM, UNBOUND_DATAGRAM, deliverDatagram } from './DatagramResult.js';

/**
 * What a receive of either form answers.
 *
 * @internal
 */
export type AnyDatagramResult = DatagramResult | DatagramSenderResult;

/**
 * A blocking `UdpSocket.receive` waiting for a datagram: one object with what the wait needs
 * (the target, the Promise's resolve function, the time-out's timer when `SO_TIMEOUT` is set)
 * and no closure of its own; the queue begins it again for the socket's next wait once it is
 * answered. Answering it any way but by its time-out cancels its timer.
 *
 * @internal
 */
export class PendingDatagram extends ReusableWait<Packet | number, AnyDatagramResult> {
  /** Completes the receive with a datagram of `data` from `address`:`port`. */
  deliver(data: Uint8Array, address: IpAddress | null, port: number): void {
    this.cancelTimer?.();
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
    this.cancelTimer?.();
    const target = this.target;
    if (target instanceof Packet) clearReceived(target);
    this.answer(UNBOUND_DATAGRAM);
  }

  /** Ends the receive with `NotReady` and a `Timeout` error: nothing arrived within `timeoutMs` (a packet target is left as it was). */
  timedOut(timeoutMs: number): void {
    this.answer({ ...NO_DATAGRAM, error: new SocketError('Timeout', `receive: no datagram within ${timeoutMs} ms`) });
  }
}
