import { IpAddress } from '../address/IpAddress.js';
import type { Resolver } from '../address/Resolver.js';
import type { UnixSocketAddress } from '../address/UnixSocketAddress.js';
import { SocketError } from '../core/SocketError.js';
import type { Logger } from '../services/Logger.js';
import { type SecurityCheck, SecurityError } from './SecurityError.js';
import type { SecurityManager } from './SecurityManager.js';

/** Loopback of each family: where Linux (and Java) send a connection or datagram aimed at "any". */
const LOOPBACK_V4 = IpAddress.LocalHost;
const LOOPBACK_V6 = IpAddress.LocalHostV6;

/**
 * The address a connection or datagram aimed at `address` really reaches, or the error why no
 * packet may be aimed there.
 *
 * @remarks
 * The unspecified address is not a destination, yet Linux (and Java, which copies it) routes a
 * connect or a datagram aimed at `0.0.0.0` to `127.0.0.1` and one aimed at `::` to `::1`. Asking
 * the policy about `0.0.0.0` would let a rule denying loopback be bypassed, so the gate rewrites
 * the destination to the loopback address it reaches, asks the policy about that, and opens the
 * connection to that same address: the check and the reach can never differ. Every spelling
 * lands here after parsing or resolution: `'::'`, `'::ffff:0.0.0.0'` (IPv4-mapped, read as
 * `0.0.0.0`), `'::0.0.0.0'`, and names such as `'0'` or `'0x0'` that the system resolver turns
 * into `0.0.0.0`. The rest of `0.0.0.0/8` may not be a destination (RFC 1122); it is refused
 * before the system is asked.
 *
 * @internal
 */
export function reachedAddress(address: IpAddress): IpAddress | SocketError {
  // On every datagram sent: read the canonical text rather than compute from the bytes.
  const text = address.toString();
  if (address.family === 6) return text === '::' ? LOOPBACK_V6 : address;
  if (text.charCodeAt(0) !== 0x30 || text.charCodeAt(1) !== 0x2e) return address; // not 0.x.x.x
  if (text === '0.0.0.0') return LOOPBACK_V4;
  return new SocketError('Unreachable', `${address} is in 0.0.0.0/8, which is not a destination (RFC 1122)`);
}

/** Which addresses a caller can use at all (e.g. a UDP socket bound to IPv4 reaches no IPv6 address). */
export type Usable = (address: IpAddress) => boolean;

/**
 * The one resolve-then-check gate every socket passes before the system is touched.
 *
 * @remarks
 * TCP connect, listen and accept and UDP bind, connect, send and receive all ask here, so one
 * rule holds everywhere: a name is resolved through the injected resolver; each address is
 * normalised to the address really reached ({@link reachedAddress}: IPv4-mapped IPv6 reads as
 * IPv4, "any" as loopback); the security manager is asked about that address; only an address
 * it allowed is ever handed to a transport.
 *
 * A manager denies by throwing a `SecurityError` (one made with a reason only is completed with
 * the check, the address and the port). Anything else it throws is a bug in the manager: it
 * propagates to a caller on the stack, and refuses the peer (fail closed, logged) on the paths
 * driven by network events, where no caller is there to receive it.
 *
 * @internal
 */
export class SecurityGate {
  readonly #manager: SecurityManager;
  readonly #resolver: Resolver;
  readonly #logger: Logger;

  constructor(manager: SecurityManager, resolver: Resolver, logger: Logger) {
    this.#manager = manager;
    this.#resolver = resolver;
    this.#logger = logger;
  }

  /**
   * The synchronous half, for one address already in hand: normalised, usable, allowed by
   * `checkConnect`; or the error why not.
   */
  destination(address: IpAddress, port: number, usable?: Usable): IpAddress | SocketError {
    const reached = reachedAddress(address);
    if (reached instanceof SocketError) return reached;
    if (usable !== undefined && !usable(reached)) return unusable(address);
    return this.connectDenial(reached, port) ?? reached;
  }

  /**
   * Every address of `remote` (resolved when it is a name) that is usable and that
   * `checkConnect` allows, normalised and in the resolver's order; or, when there is none, the
   * first denial, else why none was usable, else the resolution failure.
   */
  async destinations(remote: IpAddress | string, port: number, usable?: Usable): Promise<IpAddress[] | SocketError> {
    if (remote instanceof IpAddress) {
      const one = this.destination(remote, port, usable);
      return one instanceof SocketError ? one : [one];
    }
    const found = await this.#resolve(remote);
    if (found instanceof SocketError) return found;
    const allowed: IpAddress[] = [];
    let failure: SocketError | undefined;
    for (const address of found) {
      const one = this.destination(address, port, usable);
      if (one instanceof SocketError) {
        // A denial says more than an unusable address: keep the first denial if there is one.
        if (failure === undefined || (one.kind === 'Security' && failure.kind !== 'Security')) failure = one;
      } else if (!allowed.some((known) => known.equals(one))) {
        allowed.push(one);
      }
    }
    return allowed.length > 0 ? allowed : (failure ?? unusable(remote));
  }

  /** `checkConnect` for a caller on the stack: the denial, or `undefined` when allowed. */
  connectDenial(address: IpAddress, port: number): SecurityError | undefined {
    return this.#ask('connect', address, port);
  }

  /** `checkListen` before a listener or a UDP socket binds `local`:`port`. */
  listenDenial(port: number, local: IpAddress): SecurityError | undefined {
    return this.#ask('listen', local, port);
  }

  /** `checkAccept` for a caller on the stack (a UDP connect names its only peer). */
  acceptDenial(address: IpAddress, port: number): SecurityError | undefined {
    return this.#ask('accept', address, port);
  }

  /** `checkPath` for a caller on the stack: the denial of `check` on a Unix socket's path, or `undefined`. */
  pathDenial(check: SecurityCheck, path: UnixSocketAddress): SecurityError | undefined {
    try {
      this.#manager.checkPath(check, path);
      return undefined;
    } catch (error) {
      return completed(error, (denial) => denial.path !== null, (reason) => SecurityError.forPath(check, path, reason));
    }
  }

  /**
   * `checkAccept` for a peer that arrived on a network event (an accepted client, a datagram):
   * `true` to admit. A denial is logged at debug level; a manager that throws anything else
   * refuses the peer and is logged as a warning, since no caller is on the stack.
   *
   * @param who - names the socket class in log messages.
   */
  admits(who: string, address: IpAddress, port: number): boolean {
    try {
      this.#manager.checkAccept(address, port);
      return true;
    } catch (error) {
      this.#refused(who, 'checkAccept', { address: String(address), port }, error);
      return false;
    }
  }

  /**
   * `checkOrigin` for a WebSocket client whose address was admitted, before its upgrade
   * completes: `true` to admit (fail closed, as {@link SecurityGate.admits}).
   *
   * @param address - the client's address and `port`, for the log only (`null` on a Unix listener).
   */
  admitsOrigin(who: string, origin: string | null, address: IpAddress | null, port: number): boolean {
    try {
      this.#manager.checkOrigin(origin);
      return true;
    } catch (error) {
      this.#refused(who, 'checkOrigin', { origin, address: String(address), port }, error);
      return false;
    }
  }

  /** `checkPath('accept', …)` for a client that arrived on a Unix listener: `true` to admit (fail closed, as {@link SecurityGate.admits}). */
  admitsOnPath(who: string, path: UnixSocketAddress): boolean {
    try {
      this.#manager.checkPath('accept', path);
      return true;
    } catch (error) {
      this.#refused(who, 'checkPath', { path: String(path) }, error);
      return false;
    }
  }

  /** Logs a peer refused on a network event: a denial at debug level, anything else the manager threw as a warning. */
  #refused(who: string, method: string, fields: Record<string, unknown>, error: unknown): void {
    if (isDenial(error)) this.#logger.debug(`${who}: peer denied`, fields);
    else this.#logger.warn(`${who}: ${method} threw; peer refused`, { ...fields, error });
  }

  /** Runs one address check for a caller on the stack (no closure: it runs on every datagram sent). */
  #ask(check: SecurityCheck, address: IpAddress, port: number): SecurityError | undefined {
    try {
      if (check === 'connect') this.#manager.checkConnect(address, port);
      else if (check === 'listen') this.#manager.checkListen(port, address);
      else this.#manager.checkAccept(address, port);
      return undefined;
    } catch (error) {
      return completed(error, (denial) => denial.check !== null && denial.path === null, (reason) => new SecurityError(check, address, port, reason));
    }
  }

  /** Every address of a name, or the `Resolve` error why there is none. */
  async #resolve(name: string): Promise<IpAddress[] | SocketError> {
    try {
      const found = await IpAddress.resolveAll(name, this.#resolver);
      return found.length > 0 ? found : new SocketError('Resolve', `${name} has no address`, { code: 'ENOTFOUND' });
    } catch (cause) {
      return SocketError.is(cause) ? cause : new SocketError('Resolve', `cannot resolve ${name}`, { cause });
    }
  }
}

/**
 * What a check that threw gives its caller: a denial, complete (`isComplete`) as the manager made
 * it or else remade by `make` from its reason with the thrown one as `cause`; anything else the
 * manager threw is a bug in it and propagates.
 */
function completed(error: unknown, isComplete: (denial: SecurityError) => boolean, make: (reason: string) => SecurityError): SecurityError {
  if (!isDenial(error)) throw error;
  if (error instanceof SecurityError && isComplete(error)) return error;
  // Another copy's SecurityError has a `reason` too; any other Security-kind error, its message.
  const own = (error as { reason?: unknown }).reason;
  const complete = make(typeof own === 'string' ? own : error.message);
  Object.defineProperty(complete, 'cause', { value: error, configurable: true, writable: true });
  return complete;
}

/** A `SecurityError` of this copy of the package or of another one (recognised by its brand and kind). */
function isDenial(error: unknown): error is SocketError {
  return SocketError.is(error) && error.kind === 'Security';
}

/** The error of a destination the caller cannot use. */
function unusable(remote: IpAddress | string): SocketError {
  return new SocketError('Unreachable', `no address of ${String(remote)} can be reached from this socket`);
}
