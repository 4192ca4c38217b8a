import type { SocketError } from './SocketError.js';
import type { SocketStatus } from './SocketStatus.js';

/**
 * The result of an operation that only reports a status: connect, accept, listen, `receive(packet)`.
 *
 * @example
 * ```ts
 * const { status, error } = await listener.accept(client);
 * if (status === SocketStatus.Error) console.error(error?.kind);
 * ```
 */
export interface StatusResult {
  /**
   * How the operation ended.
   *
   * @example
   * ```ts
   * const { status } = await listener.accept(client);
   * if (status === SocketStatus.Done) selector.add(client);
   * ```
   */
  readonly status: SocketStatus;
  /**
   * Why it failed: set when `status` is `Error` (and on a receive timeout), otherwise absent.
   *
   * @example
   * ```ts
   * const { error } = await socket.connect('game.invalid', 53000);
   * console.log(error?.kind); // 'Resolve'
   * ```
   */
  readonly error?: SocketError | undefined;
}

/**
 * The result of a send: the status and how many bytes this call handed to the system.
 *
 * @remarks
 * SFML returns `sent` through an out-parameter; here it is a field. With a `Partial` status,
 * `sent` says how far this call got.
 *
 * @example
 * ```ts
 * const { status, sent } = await socket.send(bytes);
 * if (status === SocketStatus.Partial) pending = bytes.subarray(sent);
 * ```
 */
export interface SendResult extends StatusResult {
  /**
   * Bytes handed to the system by this call (for a packet: bytes of its frame).
   *
   * @example
   * ```ts
   * const { status, sent } = await socket.send(bytes);
   * if (status === SocketStatus.Partial) console.log(`${sent} of ${bytes.length} bytes went out`);
   * ```
   */
  readonly sent: number;
}

/**
 * The result of a raw-bytes receive: the status and the bytes received.
 *
 * @example
 * ```ts
 * const { status, data } = await socket.receive(1024);
 * if (status === SocketStatus.Done) console.log(data.length, 'bytes');
 * ```
 */
export interface ReceiveResult extends StatusResult {
  /**
   * The bytes received: non-empty when `status` is `Done`, empty otherwise.
   *
   * @example
   * ```ts
   * const { data } = await socket.receive(1024);
   * console.log(new TextDecoder().decode(data));
   * ```
   */
  readonly data: Uint8Array;
}

/**
 * The result of `TcpSocket.receiveMany`: the status and how many packets were filled.
 *
 * @example
 * ```ts
 * const { status, count } = await socket.receiveMany(packets);
 * if (status === SocketStatus.Done) for (const packet of packets.slice(0, count)) handle(packet);
 * ```
 */
export interface ReceiveManyResult extends StatusResult {
  /**
   * Packets filled, from the first: at least 1 when `status` is `Done`, 0 otherwise.
   *
   * @example
   * ```ts
   * const { count } = await socket.receiveMany(packets);
   * console.log(`${count} packets arrived`);
   * ```
   */
  readonly count: number;
}

/**
 * The result of `TcpSocket.sendMany`: the status, the bytes handed over, and how many packets
 * went out whole.
 *
 * @example
 * ```ts
 * const { status, count } = await socket.sendMany(packets);
 * if (status === SocketStatus.Partial) await socket.send(packets[count]); // finish the one cut short
 * ```
 */
export interface SendManyResult extends SendResult {
  /**
   * Packets handed over whole, from the first. With `Partial`, `packets[count]` went out in part
   * (finish it with `send(packets[count])`) or not at all.
   *
   * @example
   * ```ts
   * const { count } = await socket.sendMany(packets);
   * const unsent = packets.slice(count);
   * ```
   */
  readonly count: number;
}
