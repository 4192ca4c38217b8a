import { InheritedSocket } from '../address/InheritedSocket.js';
import { IpAddress } from '../address/IpAddress.js';
import { DISCONNECTED, DONE, doneSent, failed, withSent } from '../core/results.js';
import { settleablePromise, settlers } from '../core/settlers.js';
import { SocketError } from '../core/SocketError.js';
import type { SendResult, StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import type { SocketContext } from '../socket/SocketContext.js';
import type { DatagramEndpoint, DatagramHandler } from '../transport/DatagramTransport.js';
import type { DatagramQueue } from './DatagramQueue.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * The largest UDP payload to an IPv4 destination: 65535 − 20 (IP header) − 8 (UDP header).
 *
 * @internal
 */
export const MAX_DATAGRAM_V4 = 65507;

/**
 * The largest UDP payload to an IPv6 destination: 65535 − 8 (UDP header), without jumbograms.
 *
 * @internal
 */
export const MAX_DATAGRAM_V6 = 65527;

/** The peer a connected socket sends to and hears from. */
type Peer = { readonly address: IpAddress; readonly port: number };

/**
 * The system side of a `UdpSocket`: its endpoint through bind, implicit bind and unbind, and
 * the send procedure (destination, size limit, security check, hand-over). Received datagrams
 * go into the socket's queue; an unbind, or a failed bind, clears it and ends waiting receives.
 *
 * @remarks
 * A bind in progress is visible (`pending`), so sends wait for it and receives may already
 * queue. Every bind and unbind starts a new generation: an endpoint bound by an older one is
 * closed, and its datagrams are ignored.
 *
 * @internal
 */
export class DatagramBinding {
  readonly #context: SocketContext;
  readonly #queue: DatagramQueue;
  #endpoint: DatagramEndpoint | null = null;
  #pending: Promise<StatusResult> | null = null;
  /** Bumped by every bind and unbind: events of an older endpoint are ignored. */
  #generation = 0;
  /** Bumped by every unbind: sends in flight across one end as `Disconnected`. */
  #unbinds = 0;
  #broadcast = false;
  /** `SO_REUSEADDR` for the next bind. */
  reuseAddress = false;
  /** `SO_RCVBUF` / `SO_SNDBUF` asked for at each bind; 0 keeps the system's. */
  receiveBufferSize = 0;
  sendBufferSize = 0;
  /** The bound local address, parsed once per bind. */
  #local: IpAddress | null = null;
  /** The connected peer (`connect`), or `null`. */
  #peer: Peer | null = null;

  constructor(context: SocketContext, queue: DatagramQueue) {
    this.#context = context;
    this.#queue = queue;
  }

  /** The bound endpoint, or `null`. */
  get endpoint(): DatagramEndpoint | null {
    return this.#endpoint;
  }

  /** Whether the socket is bound or a bind is in progress. */
  get active(): boolean {
    return this.#endpoint !== null || this.#pending !== null;
  }

  /** The connected peer's address, or `null`. */
  get peer(): IpAddress | null {
    return this.#peer?.address ?? null;
  }

  /** The connected peer's port, or 0. */
  get peerPort(): number {
    return this.#peer?.port ?? 0;
  }

  /** The `SO_BROADCAST` setting, applied to every endpoint as it is bound. */
  get broadcast(): boolean {
    return this.#broadcast;
  }

  set broadcast(on: boolean) {
    this.#broadcast = on;
    this.#endpoint?.setBroadcast(on);
  }

  /** Binds now: `checkListen`, then the transport. */
  bind(port: number, local: IpAddress | InheritedSocket): Promise<StatusResult> {
    const generation = ++this.#generation;
    if (local instanceof IpAddress) {
      const denied = this.#context.gate.listenDenial(port, local);
      if (denied !== undefined) return Promise.resolve(failed(denied));
    }
    const pending = this.#open(port, local, generation);
    this.#pending = pending;
    void pending.then(() => {
      if (this.#pending === pending) this.#pending = null;
    });
    return pending;
  }

  /** Lets the endpoint go and clears the queue; resolves when the port is released. */
  unbind(): void {
    this.#generation++;
    this.#unbinds++;
    const endpoint = this.#endpoint;
    this.#endpoint = null;
    this.#local = null;
    this.#pending = null;
    this.#peer = null;
    this.#queue.clear();
    void endpoint?.close();
  }

  /**
   * Connects to `remote`:`port` as java.net's `DatagramSocket.connect` does: resolve, then
   * `checkConnect` and `checkAccept` once (not per datagram any more), binding implicitly when
   * unbound, then the endpoint's own connect when it has one.
   */
  async connect(remote: IpAddress | string, port: number): Promise<StatusResult> {
    if (this.#pending !== null) await this.#pending;
    const unbinds = this.#unbinds;
    const destination = await this.#destination(remote, port);
    if (destination instanceof SocketError) return failed(destination);
    const denied = this.#context.gate.acceptDenial(destination, port);
    if (denied !== undefined) return failed(denied);
    const endpoint = await this.#endpointFor(destination.family, unbinds);
    if (!('send' in endpoint)) return endpoint;
    this.disconnect();
    try {
      await endpoint.connect?.(destination.toString(), port);
    } catch (cause) {
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `connect to ${destination}:${port} failed`, { cause }));
    }
    if (this.#endpoint !== endpoint) return DISCONNECTED;
    this.#peer = { address: destination, port };
    return DONE;
  }

  /** Forgets the connected peer; the socket stays bound. */
  disconnect(): void {
    this.#peer = null;
    this.#endpoint?.disconnect?.();
  }

  /**
   * Sends one datagram of `bytes` to `remote`:`port` (checked by the caller), binding implicitly
   * when unbound; a connected socket sends to its peer, which `remote`, when given, must be.
   */
  send(bytes: Uint8Array, remote?: IpAddress | string, port?: number): Promise<SendResult> {
    if (this.#peer !== null) return this.#sendToPeer(bytes, this.#peer, remote, port);
    if (remote === undefined || port === undefined) throw new TypeError('UdpSocket.send: no destination given, and the socket is not connected');
    const endpoint = this.#endpoint;
    // Waiting for a bind or a name: a copy, since the payload is taken at the call (the caller may reuse it at once).
    if (endpoint === null || this.#pending !== null || !(remote instanceof IpAddress)) return this.#sendAfterSetUp(copyBytes(bytes), remote, port);
    // Bound, to an address: every check is synchronous, and only the hand-over is awaited.
    const destination = this.#context.gate.destination(remote, port, this.#usable);
    if (destination instanceof SocketError) return Promise.resolve(withSent(failed(destination), 0));
    const tooLarge = oversize(bytes, destination);
    if (tooLarge !== undefined) return Promise.resolve(tooLarge);
    return this.#transmit(endpoint, bytes, destination, port, this.#unbinds);
  }

  /** Sends to the connected peer, whose checks were made at connect: only the size is checked here. */
  #sendToPeer(bytes: Uint8Array, peer: Peer, remote?: IpAddress | string, port?: number): Promise<SendResult> {
    const { address } = peer;
    if (remote !== undefined && (port !== peer.port || !(remote instanceof IpAddress ? remote : IpAddress.tryParse(remote))?.equals(address))) {
      throw new TypeError(`UdpSocket.send: the socket is connected to ${address}:${peer.port} and sends only there (disconnect first)`);
    }
    const endpoint = this.#endpoint;
    if (endpoint === null) return Promise.resolve(withSent(DISCONNECTED, 0));
    const tooLarge = oversize(bytes, address);
    if (tooLarge !== undefined) return Promise.resolve(tooLarge);
    return this.#transmit(endpoint, bytes, address, peer.port, this.#unbinds);
  }

  /** The send of a name, or from a socket still (or not yet) binding: resolve, check, bind, then send. */
  async #sendAfterSetUp(bytes: Uint8Array, remote: IpAddress | string, port: number): Promise<SendResult> {
    if (this.#pending !== null) await this.#pending;
    const unbinds = this.#unbinds;
    const destination = await this.#destination(remote, port);
    if (destination instanceof SocketError) return withSent(failed(destination), 0);
    const tooLarge = oversize(bytes, destination);
    if (tooLarge !== undefined) return tooLarge;
    const endpoint = await this.#endpointFor(destination.family, unbinds);
    if (!('send' in endpoint)) return withSent(endpoint, 0);
    return this.#transmit(endpoint, bytes, destination, port, unbinds);
  }

  /**
   * Whether a socket bound where this one is can send to `address`: the same family, or any
   * IPv4 address from the dual-stack IPv6 "any" address `::`. An unbound socket reaches both.
   */
  readonly #usable = (address: IpAddress): boolean => {
    const local = this.#local;
    if (local === null || local.family === address.family) return true;
    return local.family === 6 && local.isUnspecified();
  };

  /** The first address of `remote` this socket can reach and `checkConnect` allows, or why there is none. */
  async #destination(remote: IpAddress | string, port: number): Promise<IpAddress | SocketError> {
    const allowed = await this.#context.gate.destinations(remote, port, this.#usable);
    return allowed instanceof SocketError ? allowed : (allowed[0] as IpAddress);
  }

  /**
   * Hands one checked datagram (destination allowed, size within the limit) to the endpoint,
   * through its callback form when it has one (one Promise per datagram instead of two).
   */
  #transmit(endpoint: DatagramEndpoint, bytes: Uint8Array, destination: IpAddress, port: number, unbinds: number): Promise<SendResult> {
    const sent = bytes.length;
    if (endpoint.sendWithCallback === undefined) {
      return endpoint.send(bytes, destination.toString(), port).then(
        () => doneSent(sent),
        (cause: unknown) => this.#sendFailure(cause, destination, port, unbinds),
      );
    }
    const promise = settleablePromise<SendResult>();
    const settle = settlers.resolve as (result: SendResult) => void;
    endpoint.sendWithCallback(bytes, destination.toString(), port, (error) => {
      settle(error === null ? doneSent(sent) : this.#sendFailure(error, destination, port, unbinds));
    });
    return promise;
  }

  /** The result of a send the endpoint failed: `Disconnected` when the socket was unbound meanwhile. */
  #sendFailure(cause: unknown, destination: IpAddress, port: number, unbinds: number): SendResult {
    if (unbinds !== this.#unbinds) return withSent(DISCONNECTED, 0);
    const error = SocketError.is(cause) ? cause : new SocketError('System', `send to ${destination}:${port} failed`, { cause });
    return withSent(failed(error), 0);
  }

  async #open(port: number, local: IpAddress | InheritedSocket, generation: number): Promise<StatusResult> {
    // The last sender's text and address: a game hears the same few peers again and again.
    let lastText = '';
    let lastSender: IpAddress | null = null;
    const handler: DatagramHandler = {
      message: (data, address, from) => {
        if (generation !== this.#generation) return;
        if (address !== lastText) {
          lastText = address;
          lastSender = IpAddress.tryParse(address);
        }
        const sender = lastSender;
        if (sender === null) return;
        const peer = this.#peer;
        if (peer === null) {
          if (!this.#context.gate.admits('UdpSocket', sender, from)) return;
        } else if (from !== peer.port || !sender.equals(peer.address)) {
          return; // a connected socket hears its peer only, which passed checkAccept at connect
        }
        this.#queue.push(data, sender, from);
      },
      error: (error) => {
        const fields = { code: error.code, message: error.message };
        // A connected socket hears of every datagram its peer's closed port refused: not worth a warning each.
        if (error.code === 'ECONNREFUSED') this.#context.logger.debug('UdpSocket: the peer refused a datagram', fields);
        else this.#context.logger.warn('UdpSocket: asynchronous error', fields);
      },
    };
    try {
      const sizes = { reuseAddress: this.reuseAddress, receiveBufferSize: this.receiveBufferSize, sendBufferSize: this.sendBufferSize };
      const options = local instanceof IpAddress ? { host: local.toString(), port, family: local.family, ...sizes } : { host: '', port: 0, family: 4 as const, fd: local.fd, ...sizes };
      const endpoint = await this.#context.datagramTransport.bind(options, handler);
      if (generation !== this.#generation) {
        await endpoint.close();
        return DISCONNECTED;
      }
      const bound = IpAddress.tryParse(endpoint.localAddress);
      // An inherited socket was bound by another process: the listen check is asked about where it is now.
      const denied = local instanceof IpAddress ? undefined : bound === null ? undefined : this.#context.gate.listenDenial(endpoint.localPort, bound);
      if (denied !== undefined) {
        await endpoint.close();
        return failed(denied);
      }
      this.#endpoint = endpoint;
      this.#local = bound;
      if (this.#broadcast) endpoint.setBroadcast(true);
      return DONE;
    } catch (cause) {
      if (generation === this.#generation) this.#queue.clear(); // receives that waited for this bind
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `bind ${local}:${port} failed`, { cause }));
    }
  }

  /** The endpoint to send from, binding to the "any" address of `family` when unbound; a result when there is none. */
  async #endpointFor(family: 4 | 6, unbinds: number): Promise<DatagramEndpoint | StatusResult> {
    if (this.#pending !== null) await this.#pending;
    if (unbinds !== this.#unbinds) return DISCONNECTED;
    if (this.#endpoint !== null) return this.#endpoint;
    const result = await this.bind(0, family === 6 ? IpAddress.AnyV6 : IpAddress.Any);
    return this.#endpoint ?? (result.status === SocketStatus.Done ? DISCONNECTED : result);
  }
}

/** The `TooLarge` result for a datagram over the limit of the destination's family, or `undefined`. */
function oversize(bytes: Uint8Array, destination: IpAddress): SendResult | undefined {
  const limit = destination.family === 6 ? MAX_DATAGRAM_V6 : MAX_DATAGRAM_V4;
  if (bytes.length <= limit) return undefined;
  const message = `send: a datagram of ${bytes.length} bytes exceeds the IPv${destination.family} limit of ${limit} bytes`;
  return withSent(failed(new SocketError('TooLarge', message)), 0);
}
