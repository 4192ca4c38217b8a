import { type DnsQueryOptions, type DnsResolver, type DnsServer, isDnsResolver, type MxRecord, type SrvRecord } from '../address/DnsResolver.js';
import { IpAddress } from '../address/IpAddress.js';
import type { Resolver } from '../address/Resolver.js';
import { SocketContext, type SocketOptions } from './SocketContext.js';
import { checkPort } from './validate.js';

/** SFML 3.1's default query time-out: `sf::seconds(1)`. */
const DEFAULT_TIMEOUT_MS = 1000;

/** What the deadline race gives when the time is up first. */
const TIMED_OUT = Symbol('timed out');

/**
 * Domain Name System look-ups, as SFML 3.1's `sf::Dns`: host names with a time-out and optional
 * servers, and MX, SRV, TXT and NS records, answered with maybe-values.
 *
 * @remarks
 * A `Dns` asks the resolver of its context, the same one its sockets and their security checks
 * use: `new Dns({ resolver })` or `container.get(Tokens.Dns)` after binding `Tokens.Resolver`. The
 * default is `NodeResolver` (the system's `getaddrinfo` for host names, `/etc/resolv.conf`'s
 * servers for records). Record look-ups and explicit servers need a {@link DnsResolver}; a
 * resolver that only has `lookup` answers host names without servers, and the other calls
 * reject with a `TypeError`.
 *
 * Outcomes follow SFML 3.1, whose functions return `std::optional` and vectors, never a status:
 * - {@link Dns.resolve}: the addresses; an empty list when the name exists without addresses
 *   or does not exist; `null` when the look-up failed (no answer within the time-out, a server
 *   that refused or failed, an answer that cannot be read).
 * - `queryMx`, `querySrv`, `queryTxt`, `queryNs`: the records; an empty list when there are
 *   none, and also when the look-up failed, as in SFML. To tell the two apart, call the
 *   {@link DnsResolver} directly: it rejects with a `SocketError` of kind `'Timeout'` or
 *   `'Resolve'`.
 *
 * The time-out bounds the whole call, whatever the resolver does: at the deadline the answer is
 * `null` (or empty) and a late answer is dropped. As SFML's, it defaults to one second; `null`
 * waits as long as the resolver does.
 *
 * The static {@link Dns.resolve | Dns.resolve(name)} and {@link Dns.resolveAll} predate this
 * class's instances and stay: the first address (or all of them) through a resolver, as
 * java.net's `InetAddress.getByName` / `getAllByName`.
 *
 * @example
 * ```ts
 * const dns = new Dns({ resolver: new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port: 5353 }] }) });
 * const addresses = await dns.resolve('game.test'); // IpAddress[], [] when none, null on failure
 * const [service] = await dns.querySrv('_game._tcp.game.test');
 * if (service !== undefined) await socket.connect(service.target, service.port);
 * ```
 */
export class Dns {
  readonly #resolver: Resolver;

  /**
   * Makes a look-up service over the resolver of the given services (the default context's when
   * left out); the container builds one with the resolver bound under `Tokens.Resolver`.
   *
   * @param options - the services (only `resolver` is used), or a context.
   * @example
   * ```ts
   * const dns = new Dns({ resolver: new NodeResolver({ timeoutMs: 500 }) });
   * const mx = await dns.queryMx('example.test');
   * ```
   */
  constructor(options?: SocketOptions | SocketContext) {
    this.#resolver = options instanceof SocketContext ? options.resolver : (options?.resolver ?? SocketContext.from().resolver);
  }

  /**
   * The addresses of a host name: `sf::Dns::resolve`.
   *
   * @param hostname - a host name, or a literal (answered with itself, nothing asked).
   * @param servers - the DNS servers to ask (an `IpAddress` means port 53); the resolver's own when empty.
   * @param timeoutMs - the longest wait in milliseconds (default 1000, as SFML's); `null` to wait as long as the resolver does.
   * @returns the addresses, duplicates removed; `[]` when the name has none or does not exist;
   *   `null` when the look-up failed or timed out.
   * @throws (as a rejection) TypeError / RangeError for a bad argument, or servers given to a
   *   resolver that is not a {@link DnsResolver}.
   * @example
   * ```ts
   * const found = await new Dns().resolve('localhost', [], 2000);
   * if (found === null) console.log('the directory did not answer');
   * else if (found.length > 0) await socket.connect(found[0] as IpAddress, 53000);
   * ```
   */
  async resolve(hostname: string, servers: readonly (IpAddress | DnsServer)[] = [], timeoutMs: number | null = DEFAULT_TIMEOUT_MS): Promise<IpAddress[] | null> {
    const options = queryOptions('Dns.resolve', hostname, servers, timeoutMs);
    const literal = IpAddress.tryParse(hostname);
    if (literal !== null) return [literal];
    const resolver = options.servers.length > 0 ? this.#records('Dns.resolve') : this.#resolver;
    const found = await withDeadline(isDnsResolver(resolver) ? resolver.lookup(hostname, options) : resolver.lookup(hostname), timeoutMs);
    if (found === TIMED_OUT || found instanceof Error) return null;
    const addresses: IpAddress[] = [];
    for (const text of found) {
      const address = IpAddress.tryParse(text);
      if (address !== null && !addresses.some((known) => known.equals(address))) addresses.push(address);
    }
    return addresses;
  }

  /**
   * The name servers of a zone (NS records): `sf::Dns::queryNs`.
   *
   * @param hostname - the zone.
   * @param servers - the DNS servers to ask; the resolver's own when empty.
   * @param timeoutMs - the longest wait in milliseconds (default 1000); `null` to wait as long as the resolver does.
   * @returns the server names; `[]` when there are none or the look-up failed.
   * @throws (as a rejection) TypeError / RangeError for a bad argument or a resolver without records.
   * @example
   * ```ts
   * const names = await new Dns().queryNs('example.test'); // ['ns1.example.test', …]
   * ```
   */
  queryNs(hostname: string, servers: readonly (IpAddress | DnsServer)[] = [], timeoutMs: number | null = DEFAULT_TIMEOUT_MS): Promise<string[]> {
    return this.#query('Dns.queryNs', hostname, servers, timeoutMs, (resolver, options) => resolver.queryNs(hostname, options));
  }

  /**
   * The mail exchanges of a name (MX records): `sf::Dns::queryMx`.
   *
   * @param hostname - the name.
   * @param servers - the DNS servers to ask; the resolver's own when empty.
   * @param timeoutMs - the longest wait in milliseconds (default 1000); `null` to wait as long as the resolver does.
   * @returns the records; `[]` when there are none or the look-up failed.
   * @throws (as a rejection) TypeError / RangeError for a bad argument or a resolver without records.
   * @example
   * ```ts
   * const [first] = (await new Dns().queryMx('example.test')).sort((a, b) => a.preference - b.preference);
   * ```
   */
  queryMx(hostname: string, servers: readonly (IpAddress | DnsServer)[] = [], timeoutMs: number | null = DEFAULT_TIMEOUT_MS): Promise<MxRecord[]> {
    return this.#query('Dns.queryMx', hostname, servers, timeoutMs, (resolver, options) => resolver.queryMx(hostname, options));
  }

  /**
   * The service locations of a service name (SRV records): `sf::Dns::querySrv`.
   *
   * @param hostname - the service name, such as `_game._tcp.example.test`.
   * @param servers - the DNS servers to ask; the resolver's own when empty.
   * @param timeoutMs - the longest wait in milliseconds (default 1000); `null` to wait as long as the resolver does.
   * @returns the records; `[]` when there are none or the look-up failed.
   * @throws (as a rejection) TypeError / RangeError for a bad argument or a resolver without records.
   * @example
   * ```ts
   * const [best] = (await new Dns().querySrv('_game._tcp.example.test')).sort((a, b) => a.priority - b.priority);
   * if (best !== undefined) await socket.connect(best.target, best.port);
   * ```
   */
  querySrv(hostname: string, servers: readonly (IpAddress | DnsServer)[] = [], timeoutMs: number | null = DEFAULT_TIMEOUT_MS): Promise<SrvRecord[]> {
    return this.#query('Dns.querySrv', hostname, servers, timeoutMs, (resolver, options) => resolver.querySrv(hostname, options));
  }

  /**
   * The text records of a name (TXT records), each as the list of its strings: `sf::Dns::queryTxt`.
   *
   * @param hostname - the name.
   * @param servers - the DNS servers to ask; the resolver's own when empty.
   * @param timeoutMs - the longest wait in milliseconds (default 1000); `null` to wait as long as the resolver does.
   * @returns the records; `[]` when there are none or the look-up failed.
   * @throws (as a rejection) TypeError / RangeError for a bad argument or a resolver without records.
   * @example
   * ```ts
   * const texts = (await new Dns().queryTxt('example.test')).map((strings) => strings.join(''));
   * ```
   */
  queryTxt(hostname: string, servers: readonly (IpAddress | DnsServer)[] = [], timeoutMs: number | null = DEFAULT_TIMEOUT_MS): Promise<string[][]> {
    return this.#query('Dns.queryTxt', hostname, servers, timeoutMs, async (resolver, options) =>
      (await resolver.queryTxt(hostname, options)).map((strings) => [...strings]),
    );
  }

  /**
   * The first address of a host name or literal: `sf::IpAddress::resolve` in SFML 3.0, java.net's `InetAddress.getByName`.
   *
   * @param name - a literal (`'::1'`) or a host name (`'localhost'`).
   * @param resolver - the directory to ask; the default context's when omitted.
   * @returns the first address, or `null` when the name has none or the look-up failed.
   * @throws TypeError when `name` is not a non-empty string.
   * @example
   * ```ts
   * const server = await Dns.resolve('localhost'); // ::1 or 127.0.0.1, or null when unknown
   * if (server !== null) await socket.connect(server, 53000);
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

  /** The resolver as a {@link DnsResolver}, or the TypeError why it is not one. */
  #records(method: string): DnsResolver {
    if (isDnsResolver(this.#resolver)) return this.#resolver;
    throw new TypeError(`${method}: the resolver looks up host names only; bind a DnsResolver such as NodeResolver`);
  }

  /** One record look-up: `[]` on failure or time-out, as SFML's. */
  async #query<T>(
    method: string,
    hostname: string,
    servers: readonly (IpAddress | DnsServer)[],
    timeoutMs: number | null,
    ask: (resolver: DnsResolver, options: DnsQueryOptions) => Promise<readonly T[]>,
  ): Promise<T[]> {
    const options = queryOptions(method, hostname, servers, timeoutMs);
    const found = await withDeadline(ask(this.#records(method), options), timeoutMs);
    return found === TIMED_OUT || found instanceof Error ? [] : [...found];
  }
}

/** The checked arguments of a look-up as the resolver takes them. */
function queryOptions(method: string, hostname: unknown, servers: unknown, timeoutMs: unknown): { servers: DnsServer[]; timeoutMs: number | null } {
  if (typeof hostname !== 'string' || hostname.length === 0) throw new TypeError(`${method}: hostname must be a non-empty string`);
  if (!Array.isArray(servers)) throw new TypeError(`${method}: servers must be an array of IpAddress or { address, port }`);
  if (timeoutMs !== null && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0)) {
    throw new RangeError(`${method}: timeoutMs ${String(timeoutMs)} is not null or a finite number above 0`);
  }
  return { servers: servers.map((server: unknown) => checkServer(method, server)), timeoutMs };
}

/** One server argument as a {@link DnsServer}. */
function checkServer(method: string, server: unknown): DnsServer {
  if (server instanceof IpAddress) return { address: server, port: 53 };
  const { address, port } = (server ?? {}) as Partial<DnsServer>;
  if (!(address instanceof IpAddress)) throw new TypeError(`${method}: a server must be an IpAddress or { address: IpAddress, port }`);
  return { address, port: port === undefined ? 53 : checkPort(method, port, false) };
}

/** The answer of `pending`, its rejection as an `Error`, or {@link TIMED_OUT} when `timeoutMs` passes first. */
async function withDeadline<T>(pending: Promise<T>, timeoutMs: number | null): Promise<T | Error | typeof TIMED_OUT> {
  const settled = pending.then(
    (value) => value,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );
  if (timeoutMs === null) return settled;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
