import type { Resolver as AresResolver } from 'node:dns/promises';
import type { DnsQueryOptions, DnsResolver, DnsServer, MxRecord, SrvRecord } from '../../address/DnsResolver.js';
import { SocketError } from '../../core/SocketError.js';
import { dnsPromisesModule } from './lazyBuiltins.js';

/** Codes `getaddrinfo` and c-ares give for a name that simply has no address or no record of the type. */
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);
/** Codes of a query that got no answer in time (ours cancels with ECANCELLED when its timer fires). */
const NO_ANSWER = new Set(['ETIMEOUT', 'ECANCELLED']);
/** c-ares's own per-try time-out, used when a query's time-out is `null`. */
const ARES_DEFAULT_TIMEOUT = -1;

/**
 * How a `NodeResolver` looks names up when a call names no servers of its own.
 *
 * @example
 * ```ts
 * const options: NodeResolverOptions = { servers: [{ address: IpAddress.LocalHost, port: 5353 }], timeoutMs: 1000 };
 * ```
 */
export interface NodeResolverOptions {
  /**
   * The DNS servers to ask; when left out or empty, host names go to the system's `getaddrinfo`
   * (so `/etc/hosts` and `localhost` work) and record look-ups to the servers of `/etc/resolv.conf`.
   *
   * @example
   * ```ts
   * new NodeResolver({ servers: [{ address: IpAddress.parse('::1'), port: 5353 }] });
   * ```
   */
  readonly servers?: readonly DnsServer[];
  /**
   * The longest wait for a DNS server's answer, in milliseconds (one try, no retry); `null` (the
   * default) for c-ares's own (5 s per try, several tries). A call's own `timeoutMs` wins.
   *
   * @example
   * ```ts
   * new NodeResolver({ timeoutMs: 500 });
   * ```
   */
  readonly timeoutMs?: number | null;
}

/** `address:port` as c-ares's `setServers` reads it (`[v6]:port`). */
function serverText(server: DnsServer): string {
  const port = server.port ?? 53;
  return server.address.family === 6 ? `[${server.address.toString()}]:${port}` : `${server.address.toString()}:${port}`;
}

/** The error a failed look-up of `hostname` rejects with: `Timeout` when no answer came in time, else `Resolve`. */
function resolveError(hostname: string, cause: unknown, syscall: string): SocketError {
  const code = (cause as NodeJS.ErrnoException).code;
  const kind = code !== undefined && NO_ANSWER.has(code) ? 'Timeout' : 'Resolve';
  return new SocketError(kind, `cannot resolve ${hostname}: ${code ?? String(cause)}`, { code, cause, syscall });
}

/**
 * The system resolver, over `node:dns`: host names through `getaddrinfo` (honouring `/etc/hosts`),
 * or through given DNS servers; MX, SRV, TXT and NS records through c-ares.
 *
 * @remarks
 * With servers (in the constructor or in a call), every query is sent to them with c-ares, one
 * try bounded by the time-out, and host names are looked up as A then AAAA records (IPv4
 * addresses first). A name without records is an empty list; a failure rejects with a
 * `SocketError` (kind `'Timeout'` or `'Resolve'`), as {@link DnsResolver} says. Answers are DNS
 * messages, at most 64 KiB, so what a server can make this allocate is bounded.
 *
 * @example
 * ```ts
 * const addresses = await new NodeResolver().lookup('localhost'); // ['::1', '127.0.0.1']
 * const local = new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port: 5353 }], timeoutMs: 500 });
 * const services = await local.querySrv('_game._tcp.game.test');
 * ```
 */
export class NodeResolver implements DnsResolver {
  readonly #servers: readonly DnsServer[];
  readonly #timeoutMs: number | null;

  /**
   * Makes a resolver.
   *
   * @param options - the servers and the time-out; the system's when left out.
   * @throws RangeError when `timeoutMs` is not `null` or a finite number above 0.
   * @example
   * ```ts
   * const container = createContainer({ resolver: new NodeResolver({ servers: [{ address: IpAddress.LocalHost, port: 5353 }] }) });
   * ```
   */
  constructor(options: NodeResolverOptions = {}) {
    this.#servers = Object.freeze([...(options.servers ?? [])]);
    const timeoutMs = options.timeoutMs ?? null;
    if (timeoutMs !== null && !(typeof timeoutMs === 'number' && Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new RangeError(`NodeResolver: timeoutMs ${String(timeoutMs)} is not null or a finite number above 0`);
    }
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Looks a host name up with the system's resolver, or with the DNS servers given.
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this call.
   * @returns the addresses, empty when the name has none.
   */
  async lookup(hostname: string, options?: DnsQueryOptions): Promise<readonly string[]> {
    const servers = this.#serversFor(options);
    if (servers.length === 0) return this.#system(hostname);
    const [v4, v6] = await Promise.allSettled([
      this.#query(hostname, options, (ares) => ares.resolve4(hostname)),
      this.#query(hostname, options, (ares) => ares.resolve6(hostname)),
    ]);
    const found = [v4, v6].flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
    if (found.length > 0) return found;
    for (const answer of [v4, v6]) if (answer.status === 'rejected') throw answer.reason;
    return [];
  }

  /**
   * The NS records of a name.
   *
   * @param hostname - the zone.
   * @param options - servers and time-out for this call.
   * @returns the server names; empty when there are none.
   */
  queryNs(hostname: string, options?: DnsQueryOptions): Promise<readonly string[]> {
    return this.#query(hostname, options, (ares) => ares.resolveNs(hostname));
  }

  /**
   * The MX records of a name.
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this call.
   * @returns the records; empty when there are none.
   */
  async queryMx(hostname: string, options?: DnsQueryOptions): Promise<readonly MxRecord[]> {
    const found = await this.#query(hostname, options, (ares) => ares.resolveMx(hostname));
    return found.map((record) => Object.freeze({ exchange: record.exchange, preference: record.priority }));
  }

  /**
   * The SRV records of a service name.
   *
   * @param hostname - the service name.
   * @param options - servers and time-out for this call.
   * @returns the records; empty when there are none.
   */
  async querySrv(hostname: string, options?: DnsQueryOptions): Promise<readonly SrvRecord[]> {
    const found = await this.#query(hostname, options, (ares) => ares.resolveSrv(hostname));
    return found.map((record) => Object.freeze({ target: record.name, port: record.port, weight: record.weight, priority: record.priority }));
  }

  /**
   * The TXT records of a name, each as the list of its strings.
   *
   * @param hostname - the name.
   * @param options - servers and time-out for this call.
   * @returns the records; empty when there are none.
   */
  queryTxt(hostname: string, options?: DnsQueryOptions): Promise<readonly (readonly string[])[]> {
    return this.#query(hostname, options, (ares) => ares.resolveTxt(hostname));
  }

  #serversFor(options: DnsQueryOptions | undefined): readonly DnsServer[] {
    const own = options?.servers;
    return own !== undefined && own.length > 0 ? own : this.#servers;
  }

  /** `getaddrinfo`, as the SDK always did. */
  async #system(hostname: string): Promise<readonly string[]> {
    try {
      const found = await dnsPromisesModule().lookup(hostname, { all: true, verbatim: true });
      return found.map((entry) => entry.address);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== undefined && NO_ADDRESS.has(code)) return [];
      throw resolveError(hostname, cause, 'getaddrinfo');
    }
  }

  /**
   * One c-ares query on a resolver of its own (so cancelling it cancels nothing else), with one
   * try bounded by the time-out and a timer that cancels it should c-ares overrun.
   */
  async #query<T>(hostname: string, options: DnsQueryOptions | undefined, ask: (ares: AresResolver) => Promise<T[]>): Promise<T[]> {
    const timeoutMs = options?.timeoutMs === undefined ? this.#timeoutMs : options.timeoutMs;
    const bounded = timeoutMs !== null;
    const ares = new (dnsPromisesModule().Resolver)(bounded ? { timeout: Math.max(1, Math.ceil(timeoutMs)), tries: 1 } : { timeout: ARES_DEFAULT_TIMEOUT });
    const servers = this.#serversFor(options);
    if (servers.length > 0) ares.setServers(servers.map(serverText));
    const timer = bounded ? setTimeout(() => ares.cancel(), Math.ceil(timeoutMs) + 50) : undefined;
    try {
      return await ask(ares);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code !== undefined && NO_ADDRESS.has(code)) return [];
      throw resolveError(hostname, cause, 'query');
    } finally {
      clearTimeout(timer);
    }
  }
}
