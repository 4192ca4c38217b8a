import { IpAddress } from '../address/IpAddress.js';
import { AddressRule } from '../security/AddressRule.js';
import { DEFAULT_LIMITS, type SocketLimits } from '../services/SocketLimits.js';
import { GuardedLogger } from '../services/GuardedLogger.js';
import { SilentLogger, type Logger } from '../services/Logger.js';
import type { ConnectOptions, ListenOptions, StreamConnection, StreamServer, StreamTransport } from '../transport/StreamTransport.js';
import { encodeProxyHeader } from './encodeProxyHeader.js';
import { type HeaderOutcome, ProxiedConnection } from './ProxiedConnection.js';

/** The spec asks receivers to wait at least 3 s (a TCP retransmit); a little more by default. */
const DEFAULT_HEADER_TIMEOUT_MS = 5000;

/**
 * How a {@link ProxyProtocolTransport} reads and trusts PROXY headers.
 *
 * @example
 * ```ts
 * const options: ProxyProtocolOptions = { trustedProxies: ['127.0.0.1', '10.0.0.0/8'], headerTimeoutMs: 3000 };
 * ```
 */
export interface ProxyProtocolOptions {
  /**
   * The proxies allowed to send a header: addresses and CIDR ranges (`'10.0.0.0/8'`,
   * `'fd00::/8'`). A connection from any other address is closed before a byte is read: the
   * header is never guessed or auto-detected. Required, at least one entry.
   */
  readonly trustedProxies: readonly string[];
  /**
   * Also trust peers of a Unix socket listener (or an inherited one without an address): the
   * socket file's permissions are then the trust boundary. Default `false`.
   */
  readonly trustUnixPeers?: boolean;
  /** How long a connection may take to send its whole header, in ms; default 5000 (the spec asks for at least 3000). */
  readonly headerTimeoutMs?: number;
  /**
   * What to do with a LOCAL header (a v2 LOCAL, a v1 `UNKNOWN` line: a connection the proxy
   * made itself, such as a health check): `'accept'` (default, as the spec asks) hands it out
   * with its real ends, so `checkAccept` is asked about the proxy; `'close'` closes it.
   */
  readonly local?: 'accept' | 'close';
  /**
   * What `connect` sends first: `'none'` (default: `connect` is the inner transport's), or a
   * v1 / v2 header naming this connection's own ends, as a relay in front of a PROXY listener would.
   */
  readonly send?: 'none' | 'v1' | 'v2';
  /** Bounds: `maxProxyHeaderSize` and `proxyHeaderQueueSize` (the rest is ignored). Default {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<SocketLimits>;
  /** Where dropped connections are reported (debug level). Default: silent. */
  readonly logger?: Logger;
}

/**
 * A stream transport whose listeners read a PROXY protocol header (v1 or v2, as HAProxy, nginx
 * and cloud load balancers send it) on every accepted connection before handing it out, so the
 * connection's remote address is the client's.
 *
 * @remarks
 * It decorates any {@link StreamTransport} (`node:net` by default): give it to a `TcpListener`
 * and `getRemoteAddress()` / `getRemotePort()` of accepted sockets are the client's, and the
 * listener's `checkAccept` decides on the client, with no other change. `getProxyInfo()` of the
 * socket keeps the proxy's own address and the header's TLVs.
 *
 * Every accepted connection is checked in this order, and only that connection is closed when a
 * step fails: its peer is a trusted proxy (else closed before reading); the header is complete
 * within `headerTimeoutMs` and `maxProxyHeaderSize` bytes (else closed: a slow or endless
 * header cannot hold memory or time); it is a valid v1 or v2 header (a v2 CRC32C is verified).
 * At most `proxyHeaderQueueSize` connections may be reading their header at once; more are
 * closed at once. The bytes after the header are the application's, in order.
 *
 * A LOCAL header keeps the real ends (see {@link ProxyProtocolOptions.local}). The local end of
 * an accepted connection stays this host's socket; where the client connected to is
 * `getProxyInfo().destinationAddress`.
 *
 * To accept TLS clients through a proxy that passes TLS through (HAProxy `mode tcp` without
 * `ssl`), the header comes before the TLS handshake: decorate a plain transport and terminate TLS
 * at the proxy, whose SSL TLVs then say what the client negotiated (see the deployment guide).
 *
 * @example
 * ```ts
 * const transport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1'] });
 * const listener = new TcpListener({ streamTransport: transport, securityManager: policy });
 * await listener.listen(7000, '127.0.0.1');
 * const client = new TcpSocket();
 * if ((await listener.accept(client)).status === SocketStatus.Done) {
 *   console.log('client', String(client.getRemoteAddress()), 'via', client.getProxyInfo()?.proxyAddress);
 * }
 * ```
 */
export class ProxyProtocolTransport implements StreamTransport {
  readonly #inner: StreamTransport;
  readonly #trusted: readonly AddressRule[];
  readonly #trustUnix: boolean;
  readonly #timeoutMs: number;
  readonly #closeLocal: boolean;
  readonly #send: 'none' | 'v1' | 'v2';
  readonly #maxSize: number;
  readonly #queueSize: number;
  readonly #logger: Logger;

  /**
   * Decorates `inner`.
   *
   * @param inner - the transport that accepts and connects (e.g. `new NodeStreamTransport()`).
   * @param options - the trusted proxies (required) and the bounds.
   * @throws TypeError when `trustedProxies` is empty or an entry is not an address or CIDR
   *   range; RangeError for a bound out of range.
   * @example
   * ```ts
   * const transport = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['10.0.0.0/8', 'fd00::/8'], local: 'close' });
   * ```
   */
  constructor(inner: StreamTransport, options: ProxyProtocolOptions) {
    if (inner === null || typeof inner !== 'object' || typeof inner.listen !== 'function') throw new TypeError('ProxyProtocolTransport: inner must be a StreamTransport');
    const entries = options?.trustedProxies;
    if (!Array.isArray(entries) || entries.length === 0) throw new TypeError('ProxyProtocolTransport: trustedProxies must list at least one address or CIDR range');
    this.#trusted = entries.map((entry: unknown) => {
      const rule = typeof entry === 'string' ? AddressRule.tryParse(entry) : null;
      if (rule === null) throw new TypeError(`ProxyProtocolTransport: ${JSON.stringify(entry)} is not an IP address or CIDR range`);
      return rule;
    });
    this.#inner = inner;
    this.#trustUnix = options.trustUnixPeers === true;
    this.#timeoutMs = bounded('headerTimeoutMs', options.headerTimeoutMs ?? DEFAULT_HEADER_TIMEOUT_MS, 1, 3_600_000);
    this.#closeLocal = options.local === 'close';
    this.#send = options.send ?? 'none';
    if (!['none', 'v1', 'v2'].includes(this.#send)) throw new TypeError("ProxyProtocolTransport: send must be 'none', 'v1' or 'v2'");
    const limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#maxSize = bounded('maxProxyHeaderSize', limits.maxProxyHeaderSize, 107, 16 + 0xffff);
    this.#queueSize = bounded('proxyHeaderQueueSize', limits.proxyHeaderQueueSize, 1, Number.MAX_SAFE_INTEGER);
    this.#logger = GuardedLogger.of(options.logger ?? new SilentLogger());
  }

  /**
   * Connects through the inner transport; with `send` set, writes a header naming this
   * connection's own ends (a LOCAL one over a Unix socket) before any data.
   *
   * @example
   * ```ts
   * const relay = new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1'], send: 'v2' });
   * const connection = await relay.connect({ host: '127.0.0.1', port: 7000 });
   * ```
   */
  async connect(options: ConnectOptions): Promise<StreamConnection> {
    const connection = await this.#inner.connect(options);
    if (this.#send === 'none') return connection;
    const version = this.#send === 'v1' ? 1 : 2;
    const source = IpAddress.tryParse(connection.localAddress);
    const destination = IpAddress.tryParse(connection.remoteAddress);
    const sameFamily = source !== null && destination !== null && source.family === destination.family;
    const header = sameFamily
      ? encodeProxyHeader({
          version,
          source: { address: connection.localAddress, port: connection.localPort },
          destination: { address: connection.remoteAddress, port: connection.remotePort },
        })
      : encodeProxyHeader({ version, command: 'local' });
    connection.write(header);
    return connection;
  }

  /**
   * Listens through the inner transport; hands `onConnection` only connections from a trusted
   * proxy whose header was valid and complete in time, each reporting the client as its remote end.
   *
   * @example
   * ```ts
   * const server = await transport.listen({ host: '127.0.0.1', port: 0, backlog: 511 }, (connection) => console.log(connection.remoteAddress));
   * ```
   */
  async listen(options: ListenOptions, onConnection: (connection: StreamConnection) => void): Promise<StreamServer> {
    const reading = new Set<ProxiedConnection>();
    const outcome: HeaderOutcome = {
      ready: (connection) => {
        reading.delete(connection);
        if (this.#closeLocal && connection.proxy?.command === 'local') {
          this.#logger.debug('ProxyProtocolTransport: LOCAL connection closed', { proxy: connection.proxy.proxyAddress });
          connection.destroy();
          return;
        }
        onConnection(connection);
      },
      dropped: (connection, reason) => {
        reading.delete(connection);
        this.#logger.debug('ProxyProtocolTransport: connection dropped', { reason, peer: connection.remoteAddress });
      },
    };
    const server = await this.#inner.listen(options, (inner) => {
      if (!this.#trusts(inner)) {
        this.#logger.debug('ProxyProtocolTransport: peer is not a trusted proxy; closed', { peer: inner.remoteAddress });
        inner.destroy();
      } else if (reading.size >= this.#queueSize) {
        this.#logger.warn('ProxyProtocolTransport: too many connections reading their header; closed', { peer: inner.remoteAddress });
        inner.destroy();
      } else {
        reading.add(new ProxiedConnection(inner, this.#maxSize, this.#timeoutMs, outcome));
      }
    });
    return {
      localAddress: server.localAddress,
      localPort: server.localPort,
      close: async () => {
        for (const connection of reading) connection.destroy();
        reading.clear();
        await server.close();
      },
    };
  }

  /** Whether the connection's peer may send a header. */
  #trusts(inner: StreamConnection): boolean {
    const peer = IpAddress.tryParse(inner.remoteAddress);
    if (peer === null) return this.#trustUnix && inner.remoteAddress === '';
    return this.#trusted.some((rule) => rule.matches(peer));
  }
}

function bounded(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`ProxyProtocolTransport: ${name} must be an integer`);
  if (value < min || value > max) throw new RangeError(`ProxyProtocolTransport: ${name} must be from ${min} to ${max}, not ${value}`);
  return value;
}
