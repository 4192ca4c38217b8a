import { inject, injectable } from 'inversify';
import type { Resolver } from '../transport/Resolver.js';
import type { StreamTransport } from '../transport/StreamTransport.js';
import type { DatagramTransport } from '../transport/DatagramTransport.js';
import { NodeResolver } from '../platform/node/NodeResolver.js';
import { NodeStreamTransport } from '../platform/node/NodeStreamTransport.js';
import { NodeDatagramTransport } from '../platform/node/NodeDatagramTransport.js';
import { SecurityManager } from '../security/SecurityManager.js';
import { type Clock, SystemClock } from './Clock.js';
import { type Logger, SilentLogger } from './Logger.js';
import { DEFAULT_LIMITS, type SocketLimits } from './SocketLimits.js';
import { Tokens } from './Tokens.js';

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
@injectable()
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
   * Assembles a context; the container calls this with its bindings.
   *
   * @param securityManager - the security checks.
   * @param resolver - host name look-ups.
   * @param clock - timeouts.
   * @param logger - diagnostics.
   * @param streamTransport - TCP.
   * @param datagramTransport - UDP.
   * @param limits - memory bounds; missing fields take their defaults.
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
    @inject(Tokens.SecurityManager) readonly securityManager: SecurityManager,
    /**
     * Host name look-ups.
     *
     * @example
     * ```ts
     * const addresses = await SocketContext.from().resolver.lookup('localhost');
     * ```
     */
    @inject(Tokens.Resolver) readonly resolver: Resolver,
    /**
     * Timeouts.
     *
     * @example
     * ```ts
     * SocketContext.from().clock.now();
     * ```
     */
    @inject(Tokens.Clock) readonly clock: Clock,
    /**
     * Diagnostics.
     *
     * @example
     * ```ts
     * SocketContext.from().logger.warn('printed only by a real logger');
     * ```
     */
    @inject(Tokens.Logger) readonly logger: Logger,
    /**
     * TCP.
     *
     * @example
     * ```ts
     * SocketContext.from().streamTransport instanceof NodeStreamTransport; // true
     * ```
     */
    @inject(Tokens.StreamTransport) readonly streamTransport: StreamTransport,
    /**
     * UDP.
     *
     * @example
     * ```ts
     * SocketContext.from().datagramTransport instanceof NodeDatagramTransport; // true
     * ```
     */
    @inject(Tokens.DatagramTransport) readonly datagramTransport: DatagramTransport,
    @inject(Tokens.Limits) limits: Partial<SocketLimits>,
  ) {
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...limits });
  }

  /**
   * The context for the given options: itself when it already is one, the shared default
   * context when empty, otherwise the defaults with the given services put in.
   *
   * @param options - services to use instead of the defaults.
   * @returns a context.
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
