import { isIP } from 'node:net';
import { copyBytes } from '../core/copyBytes.js';
import type { Resolver } from './Resolver.js';
import { formatV6, parseV4, parseV6 } from './ipText.js';

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * An IPv4 or IPv6 address: immutable, validated, and in one canonical spelling.
 *
 * @remarks
 * The counterpart of SFML's `sf::IpAddress` and Java's `InetAddress`, without the hidden DNS
 * look-ups: construction only parses numeric literals; names go through {@link IpAddress.resolve}.
 * An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is the IPv4 address, so two spellings of one
 * address are always `equals` and a security rule cannot be bypassed by a spelling.
 *
 * @example
 * ```ts
 * const a = IpAddress.parse('::ffff:127.0.0.1');
 * a.toString();                      // '127.0.0.1'
 * a.equals(IpAddress.LocalHost);     // true
 * IpAddress.parse('2001:DB8::0:1').toString(); // '2001:db8::1'
 * ```
 */
export class IpAddress {
  /**
   * The IPv4 "any" address `0.0.0.0`: listen or bind on every IPv4 interface.
   *
   * @example
   * ```ts
   * await listener.listen(53000, IpAddress.Any); // every IPv4 interface
   * ```
   */
  static readonly Any: IpAddress = IpAddress.parse('0.0.0.0');
  /**
   * The IPv4 loopback address `127.0.0.1`.
   *
   * @example
   * ```ts
   * await socket.connect(IpAddress.LocalHost, 53000);
   * ```
   */
  static readonly LocalHost: IpAddress = IpAddress.parse('127.0.0.1');
  /**
   * The IPv4 broadcast address `255.255.255.255`.
   *
   * @example
   * ```ts
   * const udp = new UdpSocket();
   * udp.setBroadcast(true);
   * await udp.send(new Packet().writeString('anyone?'), IpAddress.Broadcast, 54000);
   * ```
   */
  static readonly Broadcast: IpAddress = IpAddress.parse('255.255.255.255');
  // The IPv6 constants are made from bytes, not parsed: parsing an IPv6 text asks node:net's
  // isIP, whose first IPv6 match compiles its large pattern (~18 ms at start-up), which an
  // IPv4-only program never needs.
  /**
   * The IPv6 "any" address `::`: listen or bind on every interface.
   *
   * @example
   * ```ts
   * await listener.listen(0, IpAddress.AnyV6); // IPv6 and IPv4 clients
   * ```
   */
  static readonly AnyV6: IpAddress = IpAddress.fromBytes(new Uint8Array(16));
  /**
   * The IPv6 loopback address `::1`.
   *
   * @example
   * ```ts
   * await socket.connect(IpAddress.LocalHostV6, 53000);
   * ```
   */
  static readonly LocalHostV6: IpAddress = IpAddress.fromBytes(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));

  readonly #bytes: Uint8Array;
  readonly #text: string;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#text = bytes.length === 4 ? bytes.join('.') : formatV6(bytes);
  }

  /**
   * Parses a numeric IPv4 or IPv6 literal.
   *
   * @param text - dotted-quad IPv4 (`'192.168.1.2'`) or IPv6 (`'::1'`), without brackets or zone.
   * @returns the address.
   * @throws TypeError when `text` is not a string or not a valid literal (names are not resolved here).
   * @example
   * ```ts
   * IpAddress.parse('127.0.0.1');
   * ```
   */
  static parse(text: string): IpAddress {
    if (typeof text !== 'string') throw new TypeError(`IpAddress.parse: expected a string, got ${text === null ? 'null' : typeof text}`);
    const address = IpAddress.tryParse(text);
    if (address === null) {
      throw new TypeError(`IpAddress.parse: ${JSON.stringify(text)} is not an IPv4 or IPv6 literal`);
    }
    return address;
  }

  /**
   * Parses a numeric literal, or gives `null` when it is not one.
   *
   * @param text - the text to read.
   * @returns the address, or `null` (also for a zone-scoped literal such as `'fe80::1%eth0'`).
   * @throws TypeError when `text` is not a string.
   * @example
   * ```ts
   * IpAddress.tryParse('localhost'); // null: a name, not a literal
   * ```
   */
  static tryParse(text: string): IpAddress | null {
    if (typeof text !== 'string') throw new TypeError(`IpAddress.tryParse: expected a string, got ${typeof text}`);
    const family = isIP(text);
    if (family === 4) return new IpAddress(parseV4(text));
    if (family === 6 && !text.includes('%')) return IpAddress.fromBytes(parseV6(text));
    return null;
  }

  /**
   * Makes an IPv4 address from its 32-bit value, like `sf::IpAddress(Uint32)`.
   *
   * @param value - an integer from 0 to 0xFFFFFFFF, most significant byte first.
   * @returns the address.
   * @throws RangeError when `value` is not such an integer.
   * @example
   * ```ts
   * IpAddress.fromInteger(0x7f000001).toString(); // '127.0.0.1'
   * ```
   */
  static fromInteger(value: number): IpAddress {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
      throw new RangeError(`IpAddress.fromInteger: ${value} is not an integer from 0 to 0xFFFFFFFF`);
    }
    return new IpAddress(Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff));
  }

  /**
   * Makes an address from its bytes in network order: 4 for IPv4, 16 for IPv6.
   *
   * @param bytes - the address bytes (copied).
   * @returns the address; an IPv4-mapped IPv6 address gives the IPv4 address.
   * @throws TypeError when there are not 4 or 16 bytes.
   * @example
   * ```ts
   * IpAddress.fromBytes(Uint8Array.of(127, 0, 0, 1)).equals(IpAddress.LocalHost); // true
   * ```
   */
  static fromBytes(bytes: Uint8Array): IpAddress {
    if (!(bytes instanceof Uint8Array) || (bytes.length !== 4 && bytes.length !== 16)) {
      throw new TypeError('IpAddress.fromBytes: expected a Uint8Array of 4 or 16 bytes');
    }
    // Uint8Array.from copies: a Buffer's slice() would be a view of the caller's memory.
    const copy = Uint8Array.from(bytes);
    if (copy.length === 16 && MAPPED_PREFIX.every((byte, i) => copy[i] === byte)) {
      return new IpAddress(copy.slice(12));
    }
    return new IpAddress(copy);
  }

  /**
   * Resolves a host name or literal to its first address, like `sf::IpAddress::resolve`.
   *
   * @param name - a literal (`'::1'`) or a host name (`'localhost'`).
   * @param resolver - the directory to ask (needed for names; a literal is read without it). For
   *   the system's directory use {@link Dns.resolve}, which passes the default one.
   * @returns the first address, or `null` when the name has none or the look-up failed.
   * @throws TypeError when `name` is not a non-empty string.
   * @example
   * ```ts
   * const address = await IpAddress.resolve('game.test', { lookup: async () => ['127.0.0.1'] });
   * if (address === null) console.log('unknown host');
   * ```
   */
  static async resolve(name: string, resolver?: Resolver): Promise<IpAddress | null> {
    IpAddress.#checkName(name, 'resolve');
    const all = await IpAddress.resolveAll(name, resolver).catch(() => []);
    return all[0] ?? null;
  }

  /**
   * Resolves a host name or literal to every address it has.
   *
   * @param name - a literal or a host name.
   * @param resolver - the directory to ask (needed for names); {@link Dns.resolveAll} passes the system's.
   * @returns the addresses in the directory's order; empty when the name has none.
   * @throws TypeError when `name` is not a non-empty string.
   * @example
   * ```ts
   * const all = await IpAddress.resolveAll('localhost', new NodeResolver()); // [::1, 127.0.0.1] on most systems
   * ```
   */
  static async resolveAll(name: string, resolver?: Resolver): Promise<IpAddress[]> {
    IpAddress.#checkName(name, 'resolveAll');
    const literal = IpAddress.tryParse(name);
    if (literal !== null) return [literal];
    if (resolver === undefined || typeof resolver.lookup !== 'function') {
      throw new TypeError(`IpAddress.resolveAll: ${JSON.stringify(name)} is a name: pass a Resolver, or use Dns.resolveAll for the system's`);
    }
    const found = await resolver.lookup(name);
    const addresses: IpAddress[] = [];
    for (const text of found) {
      const address = IpAddress.tryParse(text);
      if (address !== null && !addresses.some((known) => known.equals(address))) addresses.push(address);
    }
    return addresses;
  }

  static #checkName(name: string, method: string): void {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError(`IpAddress.${method}: expected a non-empty host name or address`);
    }
  }

  /**
   * The address family: 4 or 6.
   *
   * @example
   * ```ts
   * IpAddress.LocalHostV6.family; // 6
   * ```
   */
  get family(): 4 | 6 {
    return this.#bytes.length === 4 ? 4 : 6;
  }

  /**
   * Whether this is a loopback address (`127.0.0.0/8` or `::1`).
   *
   * @returns `true` for loopback.
   * @example
   * ```ts
   * IpAddress.parse('127.1.2.3').isLoopback(); // true
   * ```
   */
  isLoopback(): boolean {
    return this.family === 4 ? this.#bytes[0] === 127 : this.#text === '::1';
  }

  /**
   * Whether this is the unspecified "any" address (`0.0.0.0` or `::`).
   *
   * @returns `true` for `0.0.0.0` and `::`.
   * @example
   * ```ts
   * IpAddress.Any.isUnspecified(); // true
   * ```
   */
  isUnspecified(): boolean {
    return this.#bytes.every((byte) => byte === 0);
  }

  /**
   * The 32-bit value of an IPv4 address, like `sf::IpAddress::toInteger`.
   *
   * @returns the value, most significant byte first.
   * @throws TypeError for an IPv6 address, which has no 32-bit value.
   * @example
   * ```ts
   * IpAddress.LocalHost.toInteger(); // 0x7f000001
   * ```
   */
  toInteger(): number {
    if (this.family !== 4) throw new TypeError(`IpAddress.toInteger: ${this.#text} is IPv6 and has no 32-bit value`);
    const [a = 0, b = 0, c = 0, d = 0] = this.#bytes;
    return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  }

  /**
   * The address bytes in network order (a copy): 4 for IPv4, 16 for IPv6.
   *
   * @returns a new array.
   * @example
   * ```ts
   * IpAddress.LocalHost.toBytes(); // Uint8Array [127, 0, 0, 1]
   * ```
   */
  toBytes(): Uint8Array {
    return copyBytes(this.#bytes);
  }

  /**
   * Whether two addresses are the same address, whatever their original spelling.
   *
   * @param other - the address to compare with.
   * @returns `true` when equal.
   * @example
   * ```ts
   * IpAddress.parse('::0:1').equals(IpAddress.LocalHostV6); // true
   * ```
   */
  equals(other: IpAddress): boolean {
    return other instanceof IpAddress && other.#text === this.#text;
  }

  /**
   * The canonical spelling: dotted quad for IPv4, RFC 5952 for IPv6 (lower case, `::` compressed).
   *
   * @returns the text.
   * @example
   * ```ts
   * String(IpAddress.parse('2001:0DB8:0:0:0:0:0:1')); // '2001:db8::1'
   * ```
   */
  toString(): string {
    return this.#text;
  }

  /**
   * The canonical spelling, so `JSON.stringify` writes the address as a string.
   *
   * @returns the same as `toString()`.
   * @example
   * ```ts
   * JSON.stringify({ peer: IpAddress.LocalHost }); // '{"peer":"127.0.0.1"}'
   * ```
   */
  toJSON(): string {
    return this.#text;
  }
}
