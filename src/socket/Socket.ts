import { Readiness } from '../core/Readiness.js';
import { checkBoolean } from './validate.js';
import { SocketContext, type SocketOptions } from './SocketContext.js';

/**
 * What every socket shares, as SFML's `sf::Socket`: its services and its blocking mode.
 *
 * @remarks
 * One rule for misuse in every socket class: a method that returns a Promise reports a
 * `TypeError` / `RangeError` by rejecting it (its body runs in `try`, the `catch` returns the
 * rejection), never by throwing, so `.catch` sees it as `await` does; a synchronous method throws.
 *
 * @example
 * ```ts
 * function poll(socket: Socket): void {
 *   socket.setBlocking(false);
 * }
 * ```
 */
export abstract class Socket {
  /**
   * Raised while the socket has something to report; watched by `SocketSelector`.
   *
   * @internal
   */
  readonly readiness = new Readiness();
  /**
   * The readiness a `SocketSelector` watches when asked about sending: `null` for a socket that
   * never sends (a listener), the default.
   *
   * @internal
   */
  _sendReadiness(): Readiness | null {
    return null;
  }

  /**
   * The services this socket runs on.
   *
   * @internal
   */
  protected readonly context: SocketContext;
  #blocking = true;

  /**
   * Sets up the services; subclasses pass their constructor's options on.
   *
   * @param options - services to use instead of the defaults, or a complete context.
   * @example
   * ```ts
   * class MySocket extends Socket {
   *   constructor() { super({}); }
   * }
   * ```
   */
  protected constructor(options: SocketOptions | SocketContext | undefined) {
    this.context = SocketContext.from(options);
  }

  /**
   * Sets blocking (`true`, the default) or non-blocking (`false`) mode.
   *
   * @remarks
   * In blocking mode an operation's Promise settles when it is complete. In non-blocking mode it
   * settles at once: `NotReady` when nothing could be done, `Partial` when a send got only part
   * of the way. Switching mode does not affect operations already waiting.
   *
   * @param blocking - the mode.
   * @throws TypeError when `blocking` is not a boolean.
   * @example
   * ```ts
   * socket.setBlocking(false); // receive answers NotReady at once when nothing is queued
   * ```
   */
  setBlocking(blocking: boolean): void {
    this.#blocking = checkBoolean(`${this.constructor.name}.setBlocking`, blocking);
  }

  /**
   * Whether the socket is in blocking mode.
   *
   * @returns `true` when blocking (the default).
   * @example
   * ```ts
   * new TcpSocket().isBlocking(); // true
   * ```
   */
  isBlocking(): boolean {
    return this.#blocking;
  }
}
