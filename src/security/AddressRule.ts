import { BlockList } from 'node:net';
import { IpAddress } from '../address/IpAddress.js';

/** A prefix length: decimal digits, no sign, no leading zero. */
const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;
/** The IPv4-mapped block `::ffff:0:0/96` is this many bits long. */
const MAPPED_BITS = 96;

/**
 * One compiled address entry of a {@link PolicySecurityManager} list: a single address or a CIDR
 * range, matched with a one-rule `net.BlockList`.
 *
 * @remarks
 * A rule has one family and matches addresses of that family only. `net.BlockList` on Node 20
 * does not keep families apart (an IPv6 `::/0` rule matches every IPv4 address, and an IPv4 rule
 * matches the IPv4-mapped spelling of its addresses), so the family is compared first and only
 * normalised {@link IpAddress} values are checked. An entry inside `::ffff:0:0/96` (an
 * IPv4-mapped address or a range with a prefix of 96 or more) is compiled to the IPv4 rule it
 * means, because `IpAddress` turns every mapped address into its IPv4 address.
 *
 * @internal
 * @example
 * ```ts
 * const rule = AddressRule.tryParse('::ffff:10.0.0.0/104'); // the IPv4 range 10.0.0.0/8
 * rule?.matches(IpAddress.parse('10.1.2.3')); // true
 * ```
 */
export class AddressRule {
  readonly #list = new BlockList();
  readonly #family: 4 | 6;
  readonly #entry: string;

  private constructor(entry: string, base: string, family: 4 | 6, prefix: number | undefined) {
    this.#entry = entry;
    this.#family = family;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) this.#list.addAddress(base, type);
    else this.#list.addSubnet(base, prefix, type);
  }

  /**
   * Compiles an entry such as `'127.0.0.1'`, `'::1'`, `'10.0.0.0/8'` or `'fd00::/8'`.
   *
   * @param entry - the entry text: a numeric literal, optionally followed by `/prefix`.
   * @returns the rule, or `null` when the entry is not a valid address or range.
   * @example
   * ```ts
   * AddressRule.tryParse('10.0.0.0/33'); // null: the prefix is too long
   * ```
   */
  static tryParse(entry: string): AddressRule | null {
    const [text = '', prefixText, extra] = entry.split('/');
    const address = IpAddress.tryParse(text);
    if (address === null || extra !== undefined) return null;
    if (prefixText === undefined) return new AddressRule(entry, address.toString(), address.family, undefined);
    if (!PREFIX.test(prefixText)) return null;
    const prefix = Number(prefixText);
    const mapped = address.family === 4 && text.includes(':');
    const bits = address.family === 4 && !mapped ? 32 : 128;
    if (prefix > bits) return null;
    if (!mapped) return new AddressRule(entry, address.toString(), address.family, prefix);
    if (prefix >= MAPPED_BITS) return new AddressRule(entry, address.toString(), 4, prefix - MAPPED_BITS);
    return new AddressRule(entry, `::ffff:${address.toString()}`, 6, prefix);
  }

  /**
   * Whether `address` is this address or inside this range.
   *
   * @param address - a normalised address.
   * @returns `true` on a match; always `false` for an address of the other family.
   * @example
   * ```ts
   * AddressRule.tryParse('::/0')?.matches(IpAddress.LocalHost); // false: IPv4 is not IPv6
   * ```
   */
  matches(address: IpAddress): boolean {
    if (address.family !== this.#family) return false;
    return this.#list.check(address.toString(), this.#family === 4 ? 'ipv4' : 'ipv6');
  }

  /**
   * The entry as it was written in the options, to name the rule in a denial.
   *
   * @returns the original entry text.
   * @example
   * ```ts
   * String(AddressRule.tryParse('10.0.0.0/8')); // '10.0.0.0/8'
   * ```
   */
  toString(): string {
    return this.#entry;
  }
}
