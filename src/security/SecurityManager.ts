import type { IpAddress } from '../address/IpAddress.js';
import type { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import type { SecurityCheck } from './SecurityError.js';

/**
 * The checks every socket asks before it touches the operating system, as in java.net.
 *
 * @remarks
 * Each method returns normally to allow and throws a {@link SecurityError} to deny. This base
 * class allows everything; subclass it (or use {@link PolicySecurityManager}) and bind it with
 * `createContainer({ securityManager })`. It is injected, never a global.
 *
 * When each check runs:
 * - `checkConnect`: for every TCP connect, with the address a name resolved to, before the
 *   connection is opened; for every UDP destination before a datagram is sent.
 * - `checkListen`: before a `TcpListener` listens or a `UdpSocket` binds.
 * - `checkAccept`: for every accepted client, before the application sees it; a denied client
 *   is closed at once and never returned by `accept`. For every datagram a `UdpSocket`
 *   receives, before it is queued (java.net's `DatagramSocket` rule); a denied one is discarded.
 *
 * Addresses are normalised first: an IPv4-mapped IPv6 peer arrives as its IPv4 address.
 *
 * @example
 * ```ts
 * class LoopbackOnly extends SecurityManager {
 *   override checkConnect(address: IpAddress, port: number): void {
 *     if (!address.isLoopback()) throw new SecurityError('connect', address, port, 'loopback only');
 *   }
 * }
 * const socket = new TcpSocket({ securityManager: new LoopbackOnly() });
 * ```
 */
export class SecurityManager {
  /**
   * Asks whether a connection to (or a datagram for) `address`:`port` may be made.
   *
   * @param address - the resolved remote address.
   * @param port - the remote port.
   * @throws SecurityError to deny.
   * @example
   * ```ts
   * new SecurityManager().checkConnect(IpAddress.LocalHost, 80); // allowed
   * ```
   */
  checkConnect(address: IpAddress, port: number): void {
    void address;
    void port;
  }

  /**
   * Asks whether a listener or UDP socket may bind `address`:`port`.
   *
   * @param port - the local port (0: the system picks one).
   * @param address - the local address.
   * @throws SecurityError to deny.
   * @example
   * ```ts
   * new SecurityManager().checkListen(0, IpAddress.Any); // allowed
   * ```
   */
  checkListen(port: number, address: IpAddress): void {
    void port;
    void address;
  }

  /**
   * Asks whether a client that connected from `address`:`port` may be accepted, or a datagram
   * from there received.
   *
   * @param address - the client's address.
   * @param port - the client's port.
   * @throws SecurityError to deny; the client is closed (the datagram discarded) before the
   *   application sees it.
   * @example
   * ```ts
   * new SecurityManager().checkAccept(IpAddress.LocalHost, 50123); // allowed
   * ```
   */
  checkAccept(address: IpAddress, port: number): void {
    void address;
    void port;
  }

  /**
   * Asks whether a WebSocket client may be accepted with the `Origin` its upgrade request
   * carried: the web page it comes from.
   *
   * @remarks
   * Asked for every WebSocket client after `checkAccept` (or `checkPath`) allowed its address,
   * before the upgrade completes; a denied client is answered `403` and never handed out. A
   * browser always sends its page's origin (`'https://game.example'`, or `'null'` for a page with
   * none), so an allow-list stops other sites' pages from using a visitor's browser against the
   * server. A client that is not a browser sends none (`null`) or any value it likes: this is a
   * rule about browsers, not authentication. This base class allows every origin.
   *
   * @param origin - the `Origin` header as sent, or `null` when absent.
   * @throws SecurityError to deny.
   * @example
   * ```ts
   * class OwnSiteOnly extends SecurityManager {
   *   override checkOrigin(origin: string | null): void {
   *     if (origin !== 'https://game.example') throw new SecurityError(`origin ${String(origin)} is not allowed`);
   *   }
   * }
   * ```
   */
  checkOrigin(origin: string | null): void {
    void origin;
  }

  /**
   * Asks whether a Unix domain socket at `path` may be connected to, listened on, or a client
   * accepted on it: Java's permission on the path.
   *
   * @remarks
   * A Unix peer has no address or port, so `checkAccept` is not asked for it; this is, with
   * the listener's path, for every client before the application sees it.
   *
   * @param check - `'connect'`, `'listen'` or `'accept'`.
   * @param path - the socket's address.
   * @throws SecurityError to deny (`SecurityError.forPath`).
   * @example
   * ```ts
   * new SecurityManager().checkPath('connect', UnixSocketAddress.of('/run/game.sock')); // allowed
   * ```
   */
  checkPath(check: SecurityCheck, path: UnixSocketAddress): void {
    void check;
    void path;
  }
}
