/** The longest path a Unix socket address holds on Linux (`sun_path` is 108 bytes, one for the final NUL). */
const MAX_PATH_BYTES = 107;

/**
 * The address of a Unix domain socket: a file system path, or a name in Linux's abstract
 * namespace. Java's `UnixDomainSocketAddress`.
 *
 * @remarks
 * Immutable. A path socket is a file: its directory's permissions (and the mode given to
 * `TcpListener.listen`) decide who may connect. An abstract name has no file; it exists while a
 * socket holds it, and any process in the same network namespace can reach it.
 *
 * @example
 * ```ts
 * const address = UnixSocketAddress.of('/run/game/game.sock');
 * await listener.listen(address, { mode: 0o660 });
 * await client.connect(address);
 * ```
 */
export class UnixSocketAddress {
  /** The path as the system sees it; an abstract name starts with `'\0'`. */
  readonly path: string;

  private constructor(path: string) {
    this.path = path;
  }

  /**
   * The address of a path socket: Java's `UnixDomainSocketAddress.of`.
   *
   * @param path - an absolute or relative file system path.
   * @returns the address.
   * @throws TypeError for an empty path or one holding a NUL; RangeError above 107 bytes.
   * @example
   * ```ts
   * UnixSocketAddress.of('/tmp/game.sock');
   * ```
   */
  static of(path: string): UnixSocketAddress {
    if (typeof path !== 'string' || path.length === 0) throw new TypeError('UnixSocketAddress.of: expected a non-empty path');
    if (path.includes('\0')) throw new TypeError('UnixSocketAddress.of: a path holds no NUL (use UnixSocketAddress.abstract for the abstract namespace)');
    return new UnixSocketAddress(checkLength(path, 'of'));
  }

  /**
   * The address of a name in Linux's abstract namespace (no file; `@name` in `ss` and systemd).
   *
   * @param name - the name, without the leading NUL.
   * @returns the address.
   * @throws TypeError for an empty name; RangeError above 106 bytes.
   * @example
   * ```ts
   * UnixSocketAddress.abstract('sfnet-game');
   * ```
   */
  static abstract(name: string): UnixSocketAddress {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('UnixSocketAddress.abstract: expected a non-empty name');
    return new UnixSocketAddress(checkLength(`\0${name}`, 'abstract'));
  }

  /**
   * Whether it names the abstract namespace rather than a file.
   *
   * @example
   * ```ts
   * UnixSocketAddress.abstract('game').isAbstract(); // true
   * ```
   */
  isAbstract(): boolean {
    return this.path.startsWith('\0');
  }

  /**
   * Whether `other` is the same address.
   *
   * @example
   * ```ts
   * UnixSocketAddress.of('/tmp/a').equals(UnixSocketAddress.of('/tmp/a')); // true
   * ```
   */
  equals(other: UnixSocketAddress): boolean {
    return other instanceof UnixSocketAddress && other.path === this.path;
  }

  /**
   * The path, or `@name` for an abstract name (as `ss` and systemd print it).
   *
   * @example
   * ```ts
   * String(UnixSocketAddress.abstract('game')); // '@game'
   * ```
   */
  toString(): string {
    return this.isAbstract() ? `@${this.path.slice(1)}` : this.path;
  }
}

function checkLength(path: string, method: string): string {
  const bytes = new TextEncoder().encode(path).length;
  if (bytes > MAX_PATH_BYTES) throw new RangeError(`UnixSocketAddress.${method}: ${bytes} bytes is longer than the ${MAX_PATH_BYTES} a socket address holds`);
  return path;
}
