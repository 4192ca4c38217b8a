import type { Resolver } from '../address/Resolver.js';
import type { StreamTransport } from '../transport/StreamTransport.js';
import type { DatagramTransport } from '../transport/DatagramTransport.js';
import { NodeResolver } from '../platform/node/NodeResolver.js';
import { NodeStreamTransport } from '../platform/node/NodeStreamTransport.js';
import { NodeDatagramTransport } from '../platform/node/NodeDatagramTransport.js';
import { SecurityManager } from '../security/SecurityManager.js';
import { SecurityGate } from '../security/SecurityGate.js';
import { type Clock, SystemClock } from '../services/Clock.js';
import { GuardedLogger } from '../services/GuardedLogger.js';
import { type Logger, SilentLogger } from '../services/Logger.js';
import { DEFAULT_LIMITS, type SocketLimits } from '../services/SocketLimits.js';
import { checkSize } from './validate.js';

/**
 * The services a socket is built with; any left out take their defaults.
 *
 * @example
 * ```ts
 * const socket = new TcpSocket({ securityManager: policy, limits: { maxPacketSize: 65536 } });
 * ```
 */
export interface SocketServices {
  /**
   * The checks consulted before the system is touched. Default: allow everything.
   *
   * @example
   * ```ts
   * new TcpSocket({ securityManager: new PolicySecurityManager({ connect: { allow: ['::1'] } }) });
   * ```
   */
  readonly securityManager: SecurityManager;
  /**
   * Host name look-ups. Default: the system's `getaddrinfo`.
   *
   * @example
   * ```ts
   * new TcpSocket({ resolver: { lookup: async () => ['127.0.0.1'] } });
   * ```
   */
  readonly resolver: Resolver;
  /**
   * Timeouts. Default: `performance.now()` and `setTimeout`.
   *
   * @example
   * ```ts
   * new SocketSelector({ clock: new SystemClock() });
   * ```
   */
  readonly clock: Clock;
  /**
   * Diagnostics. Default: silent.
   *
   * @example
   * ```ts
   * new TcpListener({ logger: { debug: () => {}, warn: (message) => console.warn(message) } });
   * ```
   */
  readonly logger: Logger;
  /**
   * TCP. Default: `node:net`.
   *
   * @example
   * ```ts
   * new TcpSocket({ streamTransport: new NodeStreamTransport() });
   * ```
   */
  readonly streamTransport: StreamTransport;
  /**
   * UDP. Default: `node:dgram`.
   *
   * @example
   * ```ts
   * new UdpSocket({ datagramTransport: new NodeDatagramTransport() });
   * ```
   */
  readonly datagramTransport: DatagramTransport;
  /**
   * Memory bounds; fields left out take {@link DEFAULT_LIMITS}.
   *
   * @example
   * ```ts
   * new TcpSocket({ limits: { maxPacketSize: 64 * 1024 } });
   * ```
   */
  readonly limits: Partial<SocketLimits>;
}

/**
 * Options every socket constructor takes: services to use instead of the defaults.
 *
 * @example
 * ```ts
 * const options: SocketOptions = { resolver: { lookup: async () => ['::1'] } };
 * ```
 */
export type SocketOptions = Partial<SocketServices>;

let defaults: SocketContext | undefined;

/** The smallest and largest value of each limit. */
const LIMIT_RANGES: Readonly<Record<keyof SocketLimits, readonly [number, number]>> = {
  maxPacketSize: [0, 0xffffffff],
  receiveBufferSize: [1, Number.MAX_SAFE_INTEGER],
  sendBufferSize: [1, Number.MAX_SAFE_INTEGER],
  acceptQueueSize: [1, Number.MAX_SAFE_INTEGER],
  datagramQueueSize: [1, Number.MAX_SAFE_INTEGER],
  maxProxyHeaderSize: [107, 16 + 0xffff],
  proxyHeaderQueueSize: [1, Number.MAX_SAFE_INTEGER],
  handshakeQueueSize: [1, Number.MAX_SAFE_INTEGER],
  sendHighWaterMark: [0, Number.MAX_SAFE_INTEGER],
  sendLowWaterMark: [0, Number.MAX_SAFE_INTEGER],
  maxMessageFragments: [1, 0x7fffffff],
  maxMessageChunks: [1, 0x7fffffff],
  enetMaxPeers: [1, 4095],
  enetMaxWaitingData: [1, Number.MAX_SAFE_INTEGER],
  enetMaxOutgoingData: [1, Number.MAX_SAFE_INTEGER],
};

/** Completed limits, each an integer in its range; a bad one throws, so no limit silently disappears. */
function checkLimits(limits: SocketLimits): SocketLimits {
  for (const [name, [min, max]] of Object.entries(LIMIT_RANGES)) {
    checkSize('SocketLimits', name, limits[name as keyof SocketLimits], min, max);
  }
  return Object.freeze(limits);
}

/**
 * The complete set of services one socket runs on, as the container resolves it.
 *
 * @remarks
 * Sockets made with `new` get {@link SocketContext.from} of their options; sockets made by the
 * container get the context built from its bindings, so a rebinding reaches every socket made
 * after it.
 *
 * @example
 * ```ts
 * const context = SocketContext.from({ limits: { maxPacketSize: 1024 } });
 * context.limits.maxPacketSize; // 1024
 * ```
 */
export class SocketContext {
  /**
   * The complete limits (defaults filled in).
   *
   * @example
   * ```ts
   * SocketContext.from().limits.maxPacketSize; // 4194304
   * ```
   */
  readonly limits: SocketLimits;
  /**
   * The resolve-then-check gate built on these services, which every socket passes.
   *
   * @internal
   */
  readonly gate: SecurityGate;

  /**
   * Assembles a context; the container calls this with its bindings.
   *
   * @param securityManager - the security checks.
   * @param resolver - host name look-ups.
   * @param clock - timeouts.
   * @param logger - diagnostics.
   * @param streamTransport - TCP.
   * @param datagramTransport - UDP.
   * @param limits - memory bounds; missing fields take their defaults.
   * @throws RangeError when a limit is not an integer in its range (e.g. a negative or NaN size).
   * @example
   * ```ts
   * const context = container.get<SocketContext>(Tokens.SocketContext);
   * ```
   */
  constructor(
    /**
     * The security checks consulted before the system is touched.
     *
     * @example
     * ```ts
     * SocketContext.from().securityManager.checkConnect(IpAddress.LocalHost, 80); // the default allows
     * ```
     */
    readonly securityManager: SecurityManager,
    /**
     * Host name look-ups.
     */
    readonly resolver: Resolver,
    /**
     * Timeouts.
     */
    readonly clock: Clock,
    /**
     * Diagnostics: the logger given, guarded so that what it throws is ignored (see `GuardedLogger`).
     */
    readonly logger: Logger,
    /**
     * TCP.
     *
     * @example
     * ```ts
     * SocketContext.from().streamTransport instanceof NodeStreamTransport; // true
     * ```
     */
    readonly streamTransport: StreamTransport,
    /**
     * UDP.
     *
     * @example
     * ```ts
     * SocketContext.from().datagramTransport instanceof NodeDatagramTransport; // true
     * ```
     */
    readonly datagramTransport: DatagramTransport,
    limits: Partial<SocketLimits>,
  ) {
    this.limits = checkLimits({ ...DEFAULT_LIMITS, ...limits });
    this.logger = GuardedLogger.of(logger);
    this.gate = new SecurityGate(securityManager, resolver, this.logger);
  }

  /**
   * The context for the given options: itself when it already is one, the shared default
   * context when empty, otherwise the defaults with the given services put in.
   *
   * @param options - services to use instead of the defaults.
   * @returns a context.
   * @throws RangeError when a limit in `options.limits` is out of range.
   * @example
   * ```ts
   * const context = SocketContext.from({ securityManager: new PolicySecurityManager({}) });
   * ```
   */
  static from(options?: SocketOptions | SocketContext): SocketContext {
    if (options instanceof SocketContext) return options;
    const base = (defaults ??= new SocketContext(
      new SecurityManager(),
      new NodeResolver(),
      new SystemClock(),
      new SilentLogger(),
      new NodeStreamTransport(),
      new NodeDatagramTransport(),
      {},
    ));
    if (options === undefined || Object.keys(options).length === 0) return base;
    return new SocketContext(
      options.securityManager ?? base.securityManager,
      options.resolver ?? base.resolver,
      options.clock ?? base.clock,
      options.logger ?? base.logger,
      options.streamTransport ?? base.streamTransport,
      options.datagramTransport ?? base.datagramTransport,
      options.limits ?? {},
    );
  }
}
