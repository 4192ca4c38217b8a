import { IpAddress } from '../address/IpAddress.js';
import type { Resolver } from '../address/Resolver.js';
import { SocketContext } from './SocketContext.js';

/**
 * Host name look-ups with the default directory, as SFML 3.1's `sf::Dns`.
 *
 * @remarks
 * `IpAddress` reads literals and asks only a resolver it is given; this class passes the one the
 * SDK uses by default (the system's `getaddrinfo`, so `/etc/hosts` and `localhost` work), or the
 * one given. Sockets use the resolver of their own context, so a test or a container that binds
 * another resolver changes what sockets reach; `Dns` is for the application's own look-ups.
 *
 * @example
 * ```ts
 * const server = await Dns.resolve('localhost'); // ::1 or 127.0.0.1, or null when unknown
 * if (server !== null) await socket.connect(server, 53000);
 * ```
 */
export class Dns {
  private constructor() {}

  /**
   * The first address of a host name or literal: `sf::Dns::resolve`, java.net's `InetAddress.getByName`.
   *
   * @param name - a literal (`'::1'`) or a host name (`'localhost'`).
   * @param resolver - the directory to ask; the default context's when omitted.
   * @returns the first address, or `null` when the name has none or the look-up failed.
   * @throws TypeError when `name` is not a non-empty string.
   * @example
   * ```ts
   * const address = await Dns.resolve('localhost');
   * ```
   */
  static resolve(name: string, resolver: Resolver = SocketContext.from().resolver): Promise<IpAddress | null> {
    return IpAddress.resolve(name, resolver);
  }

  /**
   * Every address of a host name (or the literal itself), duplicates removed, in the directory's
   * order: java.net's `InetAddress.getAllByName`.
   *
   * @param name - a literal or a host name.
   * @param resolver - the directory to ask; the default context's when omitted.
   * @returns the addresses; empty when the name has none.
   * @throws TypeError when `name` is not a non-empty string; a failing directory rejects with a
   *   `SocketError` of kind `'Resolve'`.
   * @example
   * ```ts
   * const all = await Dns.resolveAll('localhost'); // [::1, 127.0.0.1] on most systems
   * ```
   */
  static resolveAll(name: string, resolver: Resolver = SocketContext.from().resolver): Promise<IpAddress[]> {
    return IpAddress.resolveAll(name, resolver);
  }
}
