import type { IpAddress } from './IpAddress.js';
import type { Resolver } from './Resolver.js';

/**
 * A DNS server to ask: its address and port (53 when left out).
 *
 * @remarks
 * SFML 3.1's `sf::Dns` takes bare `sf::IpAddress`es (always port 53); the port is here so a test
 * or a local forwarder can listen on an unprivileged one.
 *
 * @example
 * ```ts
 * const local: DnsServer = { address: IpAddress.LocalHost, port: 5353 };
 * const mx = await new Dns().queryMx('example.test', [local]);
 * ```
 */
export interface DnsServer {
  /**
   * The server's address.
   *
   * @example
   * ```ts
   * const server: DnsServer = { address: IpAddress.parse('192.0.2.53') };
   * ```
   */
  readonly address: IpAddress;
  /**
   * The server's UDP (and TCP, for truncated answers) port; 53 when left out.
   *
   * @example
   * ```ts
   * const server: DnsServer = { address: IpAddress.LocalHost, port: 5353 };
   * ```
   */
  readonly port?: number;
}

/**
 * How one look-up is made: which servers, and how long to wait.
 *
 * @example
 * ```ts
 * const options: DnsQueryOptions = { servers: [{ address: IpAddress.LocalHost, port: 5353 }], timeoutMs: 500 };
 * ```
 */
export interface DnsQueryOptions {
  /**
   * The servers to ask, in order; the resolver's own when empty or left out.
   *
   * @example
   * ```ts
   * const options: DnsQueryOptions = { servers: [{ address: IpAddress.parse('::1'), port: 5353 }] };
   * ```
   */
  readonly servers?: readonly DnsServer[];
  /**
   * The longest wait for an answer, in milliseconds; `null` for the resolver's own default.
   *
   * @example
   * ```ts
   * const options: DnsQueryOptions = { timeoutMs: 250 };
   * ```
   */
  readonly timeoutMs?: number | null;
}

/**
 * A DNS MX record, as SFML 3.1's `sf::Dns::MxRecord`.
 *
 * @example
 * ```ts
 * const [best] = [...(await new Dns().queryMx('example.test'))].sort((a, b) => a.preference - b.preference);
 * ```
 */
export interface MxRecord {
  /**
   * The host willing to act as mail exchange.
   *
   * @example
   * ```ts
   * const hosts = (await new Dns().queryMx('example.test')).map((record) => record.exchange);
   * ```
   */
  readonly exchange: string;
  /**
   * The preference of this record among the others; lower values are preferred.
   *
   * @example
   * ```ts
   * const preferred = (await new Dns().queryMx('example.test')).filter((record) => record.preference < 20);
   * ```
   */
  readonly preference: number;
}

/**
 * A DNS SRV record, as SFML 3.1's `sf::Dns::SrvRecord`.
 *
 * @example
 * ```ts
 * const [service] = await new Dns().querySrv('_game._tcp.example.test');
 * if (service !== undefined) await socket.connect(service.target, service.port);
 * ```
 */
export interface SrvRecord {
  /**
   * The domain name of the target host.
   *
   * @example
   * ```ts
   * const targets = (await new Dns().querySrv('_game._tcp.example.test')).map((record) => record.target);
   * ```
   */
  readonly target: string;
  /**
   * The port of the service on the target host.
   *
   * @example
   * ```ts
   * const ports = (await new Dns().querySrv('_game._tcp.example.test')).map((record) => record.port);
   * ```
   */
  readonly port: number;
  /**
   * Among records of equal priority, larger weights are picked proportionately more often.
   *
   * @example
   * ```ts
   * const total = (await new Dns().querySrv('_game._tcp.example.test')).reduce((sum, record) => sum + record.weight, 0);
   * ```
   */
  readonly weight: number;
  /**
   * The priority of the target host: try the lowest-numbered priority you can reach first.
   *
   * @example
   * ```ts
   * const ordered = [...(await new Dns().querySrv('_game._tcp.example.test'))].sort((a, b) => a.priority - b.priority);
   * ```
   */
  readonly priority: number;
}

/**
 * A {@link Resolver} that can also ask given DNS servers and look up MX, SRV, TXT and NS records:
 * what {@link Dns} needs beyond host names.
 *
 * @remarks
 * The contract every implementation keeps: a name that does not exist or has no record of the
 * type asked resolves to an empty list; a failure of the directory (no answer in time, a refusal,
 * a server failure, an answer that cannot be read) rejects with a `SocketError` — kind `'Timeout'`
 * when no answer came in time, kind `'Resolve'` otherwise, with the resolver's code (`EREFUSED`,
 * `EBADRESP`, …) as `code`. {@link Dns} turns these into SFML's maybe-values.
 *
 * `NodeResolver` is the implementation over `node:dns`. Bind one under `Tokens.Resolver` and the
 * sockets, the `SecurityManager`'s gate and `Dns` all use it.
 *
 * @example
 * ```ts
 * const dns: DnsResolver = new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port: 5353 }] });
 * const socket = new TcpSocket({ resolver: dns }); // connect('game.test', …) asks 127.0.0.1:5353
 * ```
 */
export interface DnsResolver extends Resolver {
  /**
   * The addresses of a host name (A and AAAA records, or the system's directory).
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this look-up.
   * @returns the addresses as text; empty when the name has none.
   * @example
   * ```ts
   * const addresses = await resolver.lookup('localhost'); // ['::1', '127.0.0.1']
   * ```
   */
  lookup(hostname: string, options?: DnsQueryOptions): Promise<readonly string[]>;
  /**
   * The NS records of a name: the host names of its name servers.
   *
   * @param hostname - the name (a zone).
   * @param options - servers and time-out for this look-up.
   * @returns the server names; empty when there are none.
   * @example
   * ```ts
   * const servers = await new NodeResolver().queryNs('example.test');
   * ```
   */
  queryNs(hostname: string, options?: DnsQueryOptions): Promise<readonly string[]>;
  /**
   * The MX records of a name.
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this look-up.
   * @returns the records; empty when there are none.
   * @example
   * ```ts
   * const exchanges = await new NodeResolver().queryMx('example.test');
   * ```
   */
  queryMx(hostname: string, options?: DnsQueryOptions): Promise<readonly MxRecord[]>;
  /**
   * The SRV records of a service name such as `_game._tcp.example.test`.
   *
   * @param hostname - the service name.
   * @param options - servers and time-out for this look-up.
   * @returns the records; empty when there are none.
   * @example
   * ```ts
   * const services = await new NodeResolver().querySrv('_game._tcp.example.test');
   * ```
   */
  querySrv(hostname: string, options?: DnsQueryOptions): Promise<readonly SrvRecord[]>;
  /**
   * The TXT records of a name, each as the list of its strings.
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this look-up.
   * @returns the records; empty when there are none.
   * @example
   * ```ts
   * const text = (await new NodeResolver().queryTxt('example.test')).map((strings) => strings.join(''));
   * ```
   */
  queryTxt(hostname: string, options?: DnsQueryOptions): Promise<readonly (readonly string[])[]>;
}

/**
 * Whether `resolver` also does record look-ups and server choice ({@link DnsResolver}).
 *
 * @param resolver - any resolver.
 * @returns `true` when it has every method of a `DnsResolver`.
 * @example
 * ```ts
 * if (!isDnsResolver(resolver)) console.log('this resolver knows host names only');
 * ```
 */
export function isDnsResolver(resolver: Resolver): resolver is DnsResolver {
  const methods = resolver as Partial<Record<keyof DnsResolver, unknown>>;
  return (['queryNs', 'queryMx', 'querySrv', 'queryTxt'] as const).every((name) => typeof methods[name] === 'function');
}
