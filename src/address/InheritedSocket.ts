/**
 * A listening (or datagram) socket this process inherited as an open file descriptor, as
 * systemd's socket activation passes them: Java's `System.inheritedChannel()`.
 *
 * @remarks
 * Give it to `TcpListener.listen` (a TCP or Unix stream socket) or `UdpSocket.bind` (a datagram
 * socket); the SDK adopts the descriptor instead of binding. {@link SystemdSockets.listeners}
 * reads the ones systemd passed.
 *
 * @example
 * ```ts
 * const [game] = SystemdSockets.listeners();
 * if (game !== undefined) await listener.listen(game);
 * ```
 */
export class InheritedSocket {
  /** The file descriptor (3 and up for systemd's). */
  readonly fd: number;
  /** Its name (systemd's `FileDescriptorName=`, default the socket unit's name), or `''`. */
  readonly name: string;

  private constructor(fd: number, name: string) {
    this.fd = fd;
    this.name = name;
  }

  /**
   * An inherited descriptor, named.
   *
   * @param fd - the descriptor, an integer ≥ 0.
   * @param name - a name for messages.
   * @returns it.
   * @throws RangeError for a descriptor that is not a non-negative integer.
   * @example
   * ```ts
   * const inetd = InheritedSocket.of(0, 'stdin'); // as inetd passes a connection
   * ```
   */
  static of(fd: number, name = ''): InheritedSocket {
    if (!Number.isInteger(fd) || fd < 0 || fd > 0x7fffffff) throw new RangeError(`InheritedSocket.of: ${String(fd)} is not a file descriptor`);
    if (typeof name !== 'string') throw new TypeError('InheritedSocket.of: the name must be a string');
    return new InheritedSocket(fd, name);
  }

  /**
   * `fd 3 (game)`, for messages.
   *
   * @example
   * ```ts
   * String(InheritedSocket.of(3, 'game')); // 'fd 3 (game)'
   * ```
   */
  toString(): string {
    return this.name === '' ? `fd ${this.fd}` : `fd ${this.fd} (${this.name})`;
  }
}
