import type { IpAddress } from '../address/IpAddress.js';
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
   * The check that denied.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError && result.error.check === 'connect') console.log('connect denied');
   * ```
   */
  readonly check: SecurityCheck;
  /**
   * The address the check was about: the peer for connect/accept, the local address for listen.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError) console.log(String(result.error.address));
   * ```
   */
  readonly address: IpAddress;
  /**
   * The port the check was about.
   *
   * @example
   * ```ts
   * if (result.error instanceof SecurityError) console.log(result.error.port);
   * ```
   */
  readonly port: number;

  /**
   * Creates the denial of one check.
   *
   * @param check - the check that denies.
   * @param address - the address it was asked about.
   * @param port - the port it was asked about.
   * @param reason - why, for people; a default sentence names the check, address and port.
   * @example
   * ```ts
   * throw new SecurityError('connect', address, port, 'outside the allowed range');
   * ```
   */
  constructor(check: SecurityCheck, address: IpAddress, port: number, reason = 'denied by the security policy') {
    const where = address.family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
    super('Security', `${check} ${where}: ${reason}`);
    this.name = 'SecurityError';
    this.check = check;
    this.address = address;
    this.port = port;
  }
}
