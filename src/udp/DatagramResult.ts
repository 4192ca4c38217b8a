import type { IpAddress } from '../address/IpAddress.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, acceptReceived } from '../packet/Packet.js';

/**
 * The result of `UdpSocket.receive(packet)`: the status and who sent the datagram.
 *
 * @remarks
 * SFML fills `remoteAddress` and `remotePort` out-parameters; here they are fields, with
 * `null` instead of an empty `std::optional`.
 *
 * @example
 * ```ts
 * const { status, address, port } = await socket.receive(packet);
 * if (status === SocketStatus.Done) console.log('from', String(address), port);
 * ```
 */
export interface DatagramSenderResult extends StatusResult {
  /**
   * The sender's address when `status` is `Done` (IPv4-mapped senders as IPv4); otherwise `null`.
   *
   * @example
   * ```ts
   * const { status, address } = await socket.receive(packet);
   * if (status === SocketStatus.Done) console.log('from', String(address));
   * ```
   */
  readonly address: IpAddress | null;
  /**
   * The sender's port when `status` is `Done`; otherwise 0.
   *
   * @example
   * ```ts
   * const { address, port } = await socket.receive(packet);
   * if (address !== null) await socket.send(packet, address, port); // answer the sender
   * ```
   */
  readonly port: number;
}

/**
 * The result of `UdpSocket.receive(maxBytes)`: the status, the datagram's bytes and its sender.
 *
 * @remarks
 * A datagram is delivered whole or not at all: one that is larger than `maxBytes` gives
 * `Error` (kind `'TooLarge'`) with its sender in `address` and `port` and empty `data`.
 *
 * @example
 * ```ts
 * const { status, data, address, port } = await socket.receive(UdpSocket.MaxDatagramSize);
 * if (status === SocketStatus.Done) await socket.send(data, address!, port); // echo it back
 * ```
 */
export interface DatagramResult extends DatagramSenderResult {
  /**
   * The datagram's bytes when `status` is `Done` (empty for an empty datagram); otherwise empty.
   *
   * @example
   * ```ts
   * const { data } = await socket.receive(UdpSocket.MaxDatagramSize);
   * console.log(data.length, 'bytes');
   * ```
   */
  readonly data: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * A receive with nothing queued (non-blocking mode); shared by the packet form too, where the
 * empty `data` is simply not part of its type.
 *
 * @internal
 */
export const NO_DATAGRAM: DatagramResult = Object.freeze({ status: SocketStatus.NotReady, data: EMPTY, address: null, port: 0 });

/**
 * A receive ended by an unbind (either form, as {@link NO_DATAGRAM}).
 *
 * @internal
 */
export const UNBOUND_DATAGRAM: DatagramResult = Object.freeze({ status: SocketStatus.Disconnected, data: EMPTY, address: null, port: 0 });

/**
 * `bytes` as a plain `Uint8Array` (a view, no copy): a transport may hand over a subclass such as
 * Node's `Buffer`, whose `slice` does not copy and whose methods differ; what `receive` returns is
 * always the plain type.
 */
function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The last `Done` result of a receive into a packet, frozen: reused while the sender is the same. */
let lastFromSender: DatagramSenderResult = Object.freeze({ status: SocketStatus.Done, address: null, port: 0 });

/**
 * The `Done` result of a receive into a packet from `address`:`port`: the previous one when the
 * sender is the same (a game hears the same few peers again and again, and a socket keeps one
 * `IpAddress` for its last sender), so an echo loop allocates no result per datagram.
 */
function fromSender(address: IpAddress | null, port: number): DatagramSenderResult {
  const last = lastFromSender;
  if (last.address === address && last.port === port) return last;
  return (lastFromSender = Object.freeze({ status: SocketStatus.Done, address, port }));
}

/**
 * A received datagram (or a refusal of it, when `error` is set) with its sender.
 *
 * @internal
 */
export function datagramFrom(data: Uint8Array, address: IpAddress | null, port: number, error?: SocketError): DatagramResult {
  return error === undefined
    ? { status: SocketStatus.Done, data, address, port }
    : { status: SocketStatus.Error, data: EMPTY, address, port, error };
}

/**
 * What a receive into `target` makes of a datagram of `data` from `address`:`port`: the packet
 * filled, or the bytes when they fit in `target` bytes, or a `TooLarge` error (the datagram is
 * discarded, never cut).
 *
 * @internal
 */
export function deliverDatagram(data: Uint8Array, address: IpAddress | null, port: number, target: Packet | number): DatagramResult | DatagramSenderResult {
  if (target instanceof Packet) {
    acceptReceived(target, data);
    return fromSender(address, port);
  }
  if (data.length <= target) return datagramFrom(plainBytes(data), address, port);
  const message = `receive: a datagram of ${data.length} bytes from ${String(address)}:${port} exceeds maxBytes ${target}; it was discarded`;
  return datagramFrom(EMPTY, address, port, new SocketError('TooLarge', message));
}
