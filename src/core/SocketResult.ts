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
