import type { IpAddress } from '../address/IpAddress.js';
import type { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { SocketError } from '../core/SocketError.js';

/**
 * Which security check denied an operation.
 *
 * @example
 * ```ts
 * const check: SecurityCheck = 'connect';
 * ```
 */
export type SecurityCheck = 'connect' | 'listen' | 'accept';

/**
 * The error of a denied security check: `kind` is `'Security'`.
 *
 * @remarks
 * A {@link SecurityManager} throws it to deny; the socket catches it, opens nothing, sends
 * nothing, and returns it with {@link SocketStatus.Error} so the caller can inspect what was
 * denied.
 *
 * @example
 * ```ts
 * const result = await socket.connect(IpAddress.LocalHost, 22);
 * if (result.error instanceof SecurityError) {
 *   console.log(result.error.check, String(result.error.address), result.error.port); // connect 127.0.0.1 22
 * }
 * ```
 */
export class SecurityError extends SocketError {
  /**
   * The check that denied; `null` on an error a manager made with a reason only (the SDK
   * completes it before a caller sees it).
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError && result.error.check === 'connect') console.log('connect denied');
   * ```
   */
  readonly check: SecurityCheck | null;
  /**
   * The address the check was about: the peer for connect/accept, the local address for listen;
   * `null` on an error made with a reason only.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError) console.log(String(result.error.address));
   * ```
   */
  readonly address: IpAddress | null;
  /**
   * The port the check was about; 0 on an error made with a reason only.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError) console.log(result.error.port);
   * ```
   */
  readonly port: number;
  /**
   * The Unix socket the check was about (`checkPath`); `null` for an IP check.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError && result.error.path !== null) console.log(String(result.error.path));
   * ```
   */
  readonly path: UnixSocketAddress | null = null;

  /**
   * The denial of a `checkPath`: a Unix socket's path.
   *
   * @param check - the check that denied.
   * @param path - the socket's address.
   * @param reason - why, for people.
   * @returns the error.
   * @example
   * ```ts
   * throw SecurityError.forPath('connect', UnixSocketAddress.of('/tmp/x.sock'), 'only /run/game/');
   * ```
   */
  static forPath(check: SecurityCheck, path: UnixSocketAddress, reason = 'denied by the security policy'): SecurityError {
    const error = new SecurityError(`${check} ${String(path)}: ${reason}`);
    Object.defineProperties(error, {
      check: { value: check, enumerable: true },
      path: { value: path, enumerable: true },
    });
    return error;
  }

  /**
   * Creates a denial with a reason only, for a `SecurityManager` to throw.
   *
   * @remarks
   * A `SecurityManager` may throw `new SecurityError('no outside connections')`: the socket
   * returns a complete error (check, address and port filled in, the thrown one as `cause`).
   *
   * @example
   * ```ts
   * throw new SecurityError('outside the allowed range'); // the SDK fills in the rest
   * ```
   */
  constructor(reason?: string);
  /**
   * Creates the complete denial of one check.
   *
   * @param check - the check that denied.
   * @param address - the address it was about.
   * @param port - the port it was about.
   * @param reason - why, for people.
   * @example
   * ```ts
   * throw new SecurityError('connect', address, port, 'outside the allowed range');
   * ```
   */
  constructor(check: SecurityCheck, address: IpAddress, port: number, reason?: string);
  constructor(checkOrReason?: string, address?: IpAddress, port?: number, reason = 'denied by the security policy') {
    const complete = address !== undefined && port !== undefined;
    const check = complete ? (checkOrReason as SecurityCheck) : null;
    const why = complete ? reason : (checkOrReason ?? reason);
    super('Security', complete ? `${check} ${endpoint(address, port)}: ${why}` : why);
    this.name = 'SecurityError';
    this.check = check;
    this.address = complete ? address : null;
    this.port = complete ? port : 0;
  }

  /**
   * The reason given, without the check and the address.
   *
   * @example
   * ```ts
   * new SecurityError('connect', IpAddress.LocalHost, 22, 'no ssh').reason; // 'no ssh'
   * ```
   */
  get reason(): string {
    const about = this.path !== null ? String(this.path) : this.address !== null ? endpoint(this.address, this.port) : null;
    if (about === null) return this.message;
    const prefix = `${this.check} ${about}: `;
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}

/** `address:port`, with brackets around an IPv6 address. */
function endpoint(address: IpAddress, port: number): string {
  return address.family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}
