import { IpAddress } from '../address/IpAddress.js';
import { answerEmpty, answerFound, answerWaited } from '../core/pacing.js';
import { DONE, failed } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { StatusResult } from '../core/SocketResult.js';
import { SocketStatus } from '../core/SocketStatus.js';
import { Packet, acceptReceived, payloadForSend } from '../packet/Packet.js';
import { Socket } from '../socket/Socket.js';
import type { SocketContext, SocketOptions } from '../socket/SocketContext.js';
import { checkBoolean, checkMilliseconds, checkPort, checkRemote, checkSize } from '../socket/validate.js';
import type { DatagramEndpoint } from '../transport/DatagramTransport.js';
import { type EnetConnectResult, type EnetEvent, type EnetEventResult, EnetEventType } from './EnetEvent.js';
import { EnetEventQueue, HOST_CLOSED, NO_EVENT } from './EnetEventQueue.js';
import { EnetPeer, type PeerOwner } from './EnetPeer.js';
import { EnetPeerState } from './EnetPeerState.js';
import { HostProtocol } from './HostProtocol.js';
import { HostWaits } from './HostWaits.js';
import type { EnetHostSettings } from './EnetHostSettings.js';
import type { PeerState } from './PeerState.js';
import * as P from './protocol.js';
import { startTimers, type HostTimers } from './HostTimers.js';
import { flushHost, receiveDatagram } from './hostSteps.js';
import { copyBytes } from '../core/copyBytes.js';

const NO_EVENT_NOW = Promise.resolve(NO_EVENT);

/**
 * Reliable UDP that speaks ENet 1.3, byte for byte: ENet's `ENetHost`, in this SDK's style.
 *
 * @remarks
 * A host listens for connections ({@link EnetHost.listen}), makes them ({@link EnetHost.connect}),
 * or both, over one UDP port; unmodified programs built on the ENet C library are its peers.
 * Each connection ({@link EnetPeer}) has channels, each ordering its own messages, and messages
 * go reliable (resent until acknowledged), unreliable sequenced, or unsequenced, in fragments
 * when they do not fit one datagram. Round-trip time, packet loss, the throttle, pings and
 * time-outs are computed as ENet computes them (the port follows `protocol.c` and `peer.c` of ENet 1.3.17).
 *
 * Unlike the C library, the host runs the protocol by itself: datagrams are read as they
 * arrive, acknowledgements and queued messages go out in the same turn of the event loop, and
 * one timer resends and pings. {@link EnetHost.service} only hands out events, as
 * `enet_host_service` does: blocking, it waits for one (up to a time-out); non-blocking, it
 * answers `NotReady` at once when none is queued. A host is ready for a `SocketSelector` while
 * events are queued.
 *
 * The security manager is asked `checkListen` before binding, `checkConnect` (after resolving)
 * before a connect sends anything, and `checkAccept` for every incoming CONNECT: a denied one
 * gets no reply and takes no slot. Sizes come from `SocketLimits`: `maxPacketSize` is the largest
 * message (ENet's `maximumPacketSize`, also for a peer's claimed fragment total),
 * `enetMaxWaitingData` and `enetMaxOutgoingData` bound each peer's queues, `enetMaxPeers` the slots.
 * It runs on the context's datagram transport, so a `ConditionedDatagramTransport` impairs it.
 *
 * @example
 * ```ts
 * const server = new EnetHost({ peerCount: 32, channelLimit: 2 });
 * await server.listen(7777);
 * for (;;) {
 *   const { event } = await server.service(1000);
 *   if (event?.type === EnetEventType.Receive) {
 *     await event.peer.send(event.channelID, event.packet, EnetPacketFlag.Reliable); // echo
 *   }
 * }
 * ```
 */
export class EnetHost extends Socket {
  readonly #settings: { -readonly [K in keyof EnetHostSettings]-?: NonNullable<EnetHostSettings[K]> };
  readonly #states = new WeakMap<EnetPeer, PeerState>();
  readonly #events: EnetEventQueue;
  readonly #handles = new Map<PeerState, EnetPeer>();
  readonly #waits = new HostWaits();
  #protocol: HostProtocol | null = null;
  #endpoint: DatagramEndpoint | null = null;
  #binding: Promise<StatusResult> | null = null;
  #timers: HostTimers | null = null;

  /**
   * Creates an unbound host, in blocking mode.
   *
   * @param settings - peers, channels, bandwidth, checksum.
   * @param options - services to use instead of the defaults (security manager, limits, datagram transport, …).
   * @throws RangeError for a setting out of range (`peerCount` above the `enetMaxPeers` limit, …).
   * @example
   * ```ts
   * const client = new EnetHost({ peerCount: 1 }, { limits: { maxPacketSize: 1 << 20 } });
   * ```
   */
  constructor(settings: EnetHostSettings = {}, options?: SocketOptions | SocketContext) {
    super(options);
    const limits = this.context.limits;
    this.#settings = {
      peerCount: checkSize('EnetHost', 'peerCount', settings.peerCount ?? Math.min(32, limits.enetMaxPeers), 1, limits.enetMaxPeers),
      channelLimit: checkSize('EnetHost', 'channelLimit', settings.channelLimit ?? 0, 0, P.MAXIMUM_CHANNEL_COUNT),
      incomingBandwidth: checkSize('EnetHost', 'incomingBandwidth', settings.incomingBandwidth ?? 0, 0, 0xffffffff),
      outgoingBandwidth: checkSize('EnetHost', 'outgoingBandwidth', settings.outgoingBandwidth ?? 0, 0, 0xffffffff),
      checksum: checkBoolean('EnetHost', settings.checksum ?? false),
      mtu: checkSize('EnetHost', 'mtu', settings.mtu ?? P.HOST_DEFAULT_MTU, P.MINIMUM_MTU, P.MAXIMUM_MTU),
    };
    this.#events = new EnetEventQueue(this.readiness, (event) => this.#taken(event));
  }

  /**
   * Binds the host to a local port so peers can connect (`enet_host_create` with an address).
   *
   * @param port - the port; 0 lets the system pick one (read it with {@link EnetHost.getLocalPort}).
   * @param address - the local address, {@link IpAddress.Any} by default (`'::'` for IPv6 and IPv4).
   * @returns `Done`; `Error` with a `SecurityError` when `checkListen` denies, or a `SocketError`
   *   such as `AddressInUse`.
   * @throws (as a rejection) TypeError / RangeError for a bad port or address, or when already bound.
   * @example
   * ```ts
   * const { status } = await host.listen(0, IpAddress.LocalHost);
   * ```
   */
  listen(port: number, address: IpAddress | string = IpAddress.Any): Promise<StatusResult> {
    try {
      checkPort('EnetHost.listen', port, true);
      const local = address instanceof IpAddress ? address : IpAddress.tryParse(address);
      if (local === null) throw new TypeError(`EnetHost.listen: ${JSON.stringify(address)} is not an IPv4 or IPv6 literal`);
      if (this.#protocol !== null || this.#binding !== null) throw new TypeError('EnetHost.listen: the host is already bound (close it first)');
      return this.#bind(port, local);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Connects to an ENet host (`enet_host_connect`); an unbound host first binds itself to a free port.
   *
   * @remarks
   * The address is resolved through the injected resolver and `checkConnect` is asked before
   * anything is sent. Blocking, the call waits for the handshake: `Done` when connected, or
   * `Disconnected` (kind `'Timeout'`) when the peer never answered (ENet's time-out rules, 5 to
   * 30 s). Non-blocking, it answers `NotReady` with the connecting peer at once. Either way a
   * connect event follows through {@link EnetHost.service}, as in ENet.
   *
   * @param address - the host: an {@link IpAddress}, a literal or a name.
   * @param port - its port.
   * @param channelCount - channels to open, 1 to 255 (default 1).
   * @param data - a 32-bit value the host's connect event carries (default 0).
   * @returns the status and the peer (see {@link EnetConnectResult}); `Error` when denied, the
   *   name does not resolve, or every peer slot is in use.
   * @throws (as a rejection) TypeError / RangeError for bad arguments.
   * @example
   * ```ts
   * const { status, peer } = await host.connect('localhost', 7777, 2);
   * if (status === SocketStatus.Done) await peer!.send(0, new Packet().writeString('hello'), EnetPacketFlag.Reliable);
   * ```
   */
  async connect(address: IpAddress | string, port: number, channelCount: number = 1, data: number = 0): Promise<EnetConnectResult> {
    checkRemote('EnetHost.connect', address, port);
    checkSize('EnetHost.connect', 'channelCount', channelCount, P.MINIMUM_CHANNEL_COUNT, P.MAXIMUM_CHANNEL_COUNT);
    checkSize('EnetHost.connect', 'data', data, 0, 0xffffffff);
    if (this.#binding !== null) await this.#binding;
    const usable = (candidate: IpAddress): boolean => {
      const local = this.getLocalAddress();
      return local === null || local.family === candidate.family || (local.family === 6 && local.isUnspecified());
    };
    const allowed = await this.context.gate.destinations(address, port, usable);
    if (allowed instanceof SocketError) return { status: SocketStatus.Error, error: allowed, peer: null };
    const destination = allowed[0] as IpAddress;
    if (this.#protocol === null) {
      const bound = await (this.#binding ?? this.#bind(0, destination.family === 6 ? IpAddress.AnyV6 : IpAddress.Any));
      if (bound.status !== SocketStatus.Done) return { ...bound, peer: null };
    }
    const protocol = this.#protocol;
    if (protocol === null) return { status: SocketStatus.Disconnected, peer: null };
    const state = protocol.connect(destination.toString(), port, channelCount, data);
    if (state === null) return { status: SocketStatus.Error, error: new SocketError('System', `EnetHost.connect: all ${this.#settings.peerCount} peer slots are in use`), peer: null };
    const peer = this.#handle(state);
    this.#queued();
    if (!this.isBlocking()) return { status: SocketStatus.NotReady, peer };
    return this.#waits.connect(state);
  }

  /**
   * Takes the next event (`enet_host_service`): a connection up, a message, a connection over.
   *
   * @remarks
   * Blocking, it waits for an event, at most `timeoutMs` when given; non-blocking, it answers at
   * once. Concurrent calls are served in call order. Events of one peer come in order: its
   * connect, its messages, its disconnect. A message's bytes count against the peer's
   * `enetMaxWaitingData` until taken here.
   *
   * @param timeoutMs - the longest wait in blocking mode (default: no limit).
   * @returns `Done` with the event; `NotReady` with none; `Disconnected` once the host is closed.
   * @throws (as a rejection) RangeError for a bad time-out.
   * @example
   * ```ts
   * const { status, event } = await host.service(50);
   * if (status === SocketStatus.Done && event!.type === EnetEventType.Connect) console.log('new peer');
   * ```
   */
  service(timeoutMs?: number): Promise<EnetEventResult> {
    try {
      if (timeoutMs !== undefined) checkMilliseconds('EnetHost.service', 'timeoutMs', timeoutMs);
      const event = this.#events.shift();
      if (event !== null) return answerFound({ status: SocketStatus.Done, event });
      if (this.#closed) return Promise.resolve(HOST_CLOSED);
      if (!this.isBlocking() || timeoutMs === 0) return answerEmpty(NO_EVENT_NOW, NO_EVENT);
      // A wait: the run of events found at once starts again (else every 256th would be put off a turn, splitting a batch).
      answerWaited();
      return this.#events.wait(timeoutMs, (callback, delay) => this.context.clock.schedule(callback, delay));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * The next queued event, without waiting (`enet_host_check_events`).
   *
   * @returns the event, or `null` when none is queued.
   * @example
   * ```ts
   * for (let event = host.checkEvents(); event !== null; event = host.checkEvents()) console.log(event.type);
   * ```
   */
  checkEvents(): EnetEvent | null {
    return this.#events.shift();
  }

  /**
   * Sends everything queued now (`enet_host_flush`), instead of at the end of this turn of the event loop.
   *
   * @example
   * ```ts
   * await peer.send(0, bytes, EnetPacketFlag.Reliable);
   * host.flush();
   * ```
   */
  flush(): void {
    const protocol = this.#protocol;
    if (protocol === null) return;
    protocol.serviceTime = this.#now();
    protocol.flush();
  }

  /**
   * Queues a message to every connected peer (`enet_host_broadcast`).
   *
   * @param channelID - the channel.
   * @param data - the bytes or packet.
   * @param flags - {@link EnetPacketFlag} values.
   * @returns the number of peers it was queued to.
   * @throws TypeError / RangeError for bad arguments.
   * @example
   * ```ts
   * host.broadcast(0, new Packet().writeString('round over'), EnetPacketFlag.Reliable);
   * ```
   */
  broadcast(channelID: number, data: Uint8Array | Packet, flags: number = 0): number {
    checkSize('EnetHost.broadcast', 'channelID', channelID, 0, P.MAXIMUM_CHANNEL_COUNT - 1);
    checkSize('EnetHost.broadcast', 'flags', flags, 0, 15);
    if (!(data instanceof Uint8Array) && !(data instanceof Packet)) throw new TypeError('EnetHost.broadcast: expected a Uint8Array or a Packet');
    const bytes = copyBytes(payloadForSend(data));
    let count = 0;
    for (const state of this.#protocol?.peers ?? []) {
      if (state.state === EnetPeerState.Connected && bytes.length <= state.host.maximumPacketSize && state.send(channelID, bytes, flags)) count++;
    }
    this.#queued();
    return count;
  }

  /**
   * Changes the host's bandwidth (`enet_host_bandwidth_limit`); peers are told at the next throttle (within a second).
   *
   * @param incoming - downstream bytes/s, 0 for unlimited.
   * @param outgoing - upstream bytes/s, 0 for unlimited.
   * @example
   * ```ts
   * host.bandwidthLimit(57600 / 8, 14400 / 8);
   * ```
   */
  bandwidthLimit(incoming: number, outgoing: number): void {
    this.#settings.incomingBandwidth = checkSize('EnetHost.bandwidthLimit', 'incoming', incoming, 0, 0xffffffff);
    this.#settings.outgoingBandwidth = checkSize('EnetHost.bandwidthLimit', 'outgoing', outgoing, 0, 0xffffffff);
    this.#protocol?.bandwidthLimit(incoming, outgoing);
  }

  /**
   * Closes the host (`enet_host_destroy`): every connection is dropped without telling the peer,
   * the port is released, and waiting calls end `Disconnected`. It can be bound again.
   *
   * @example
   * ```ts
   * host.close();
   * console.log(host.getLocalPort()); // 0: unbound, every peer dropped
   * ```
   */
  close(): void {
    this.#timers?.stop();
    this.#timers = null;
    for (const state of this.#protocol?.peers ?? []) if (state.state !== EnetPeerState.Disconnected) state.reset();
    this.#protocol = null;
    this.#binding = null;
    void this.#endpoint?.close();
    this.#endpoint = null;
    this.#events.close();
    this.#settle();
  }

  /**
   * Closes the host at the end of a `using` block.
   *
   * @example
   * ```ts
   * { using host = new EnetHost(); await host.listen(0); }
   * ```
   */
  [Symbol.dispose](): void {
    this.close();
  }

  /**
   * The local port; 0 when unbound.
   *
   * @example
   * ```ts
   * await host.listen(0);
   * console.log(host.getLocalPort());
   * ```
   */
  getLocalPort(): number {
    return this.#endpoint?.localPort ?? 0;
  }

  /**
   * The local address; `null` when unbound.
   *
   * @example
   * ```ts
   * await host.listen(0, IpAddress.LocalHost);
   * console.log(host.getLocalAddress()?.toString()); // '127.0.0.1'
   * ```
   */
  getLocalAddress(): IpAddress | null {
    const endpoint = this.#endpoint;
    return endpoint === null ? null : IpAddress.tryParse(endpoint.localAddress);
  }

  /**
   * The connections up now.
   *
   * @example
   * ```ts
   * for (const peer of host.getPeers()) console.log(peer.getId(), peer.getRoundTripTime());
   * ```
   */
  getPeers(): EnetPeer[] {
    return (this.#protocol?.peers ?? []).filter((state) => state.state === EnetPeerState.Connected).map((state) => this.#handle(state));
  }

  /** What the peer handles of this host use of it. */
  readonly #owner: PeerOwner = {
    maxOutgoing: this.context.limits.enetMaxOutgoingData,
    isBlocking: () => this.isBlocking(),
    queued: () => this.#queued(),
    waitForRoom: (state, generation, bytes) => this.#waits.room(state, generation, bytes),
  };

  /** Something was queued: the service step runs at the end of this turn of the event loop. */
  #queued(): void {
    this.#timers?.soon();
  }

  get #closed(): boolean {
    return this.#protocol === null && this.#binding === null && this.#endpoint === null && this.#wasBound;
  }

  #wasBound = false;

  #now(): number {
    return Math.floor(this.context.clock.now()) + 1;
  }

  #handle(state: PeerState): EnetPeer {
    let handle = this.#handles.get(state);
    if (handle === undefined || handle.getState() === EnetPeerState.Disconnected && state.state !== EnetPeerState.Disconnected) {
      handle = new EnetPeer(state, this.#owner);
      this.#handles.set(state, handle);
      this.#states.set(handle, state);
    }
    return handle;
  }

  /** A receive event taken: its bytes no longer count against the peer's waiting data. */
  #taken(event: EnetEvent): void {
    if (event.type !== EnetEventType.Receive) return;
    const state = this.#states.get(event.peer);
    if (state !== undefined && event.peer.getState() !== EnetPeerState.Disconnected) state.totalWaitingData -= event.packet.getDataSize();
  }

  /** Ends the connect and send waits whose connection is up, over, or has room. */
  #settle(): void {
    this.#waits.settle(this.#protocol !== null, (state) => this.#handles.get(state) ?? null, this.#owner.maxOutgoing);
  }

  async #bind(port: number, local: IpAddress): Promise<StatusResult> {
    const denied = this.context.gate.listenDenial(port, local);
    if (denied !== undefined) return failed(denied);
    const protocol = new HostProtocol(
      {
        ...this.#settings,
        maximumPacketSize: this.context.limits.maxPacketSize,
        maximumWaitingData: this.context.limits.enetMaxWaitingData,
        duplicatePeers: P.MAXIMUM_PEER_ID,
      },
      {
        admits: (address, from) => {
          const sender = IpAddress.tryParse(address);
          return sender !== null && this.context.gate.admits('EnetHost', sender, from);
        },
        transmit: (bytes, address, to) => this.#transmit(bytes, address, to),
        connected: (state, data) => this.#events.push({ type: EnetEventType.Connect, peer: this.#handle(state), data }),
        disconnected: (state, data) => this.#events.push({ type: EnetEventType.Disconnect, peer: this.#handle(state), data }),
        received: (state, channelID, data) => {
          const packet = new Packet();
          acceptReceived(packet, data);
          this.#events.push({ type: EnetEventType.Receive, peer: this.#handle(state), channelID, packet });
        },
      },
      crypto.getRandomValues(new Uint32Array(1))[0] as number,
      flushHost,
    );
    protocol.checksum = this.#settings.checksum;
    const binding = this.#open(port, local, protocol);
    this.#binding = binding;
    const result = await binding;
    if (this.#binding === binding) this.#binding = null;
    return result;
  }

  async #open(port: number, local: IpAddress, protocol: HostProtocol): Promise<StatusResult> {
    let lastText = '';
    let lastAddress = '';
    try {
      const endpoint = await this.context.datagramTransport.bind({ host: local.toString(), port, family: local.family }, {
        message: (data, address, from) => {
          if (this.#protocol !== protocol) return;
          if (address !== lastText) {
            lastText = address;
            lastAddress = IpAddress.tryParse(address)?.toString() ?? '';
          }
          if (lastAddress === '') return;
          receiveDatagram(protocol, data, lastAddress, from, this.#now());
          this.#settle();
          this.#timers?.soon();
        },
        error: (error) => this.context.logger.debug('EnetHost: asynchronous error', { code: error.code, message: error.message }),
      });
      this.#endpoint = endpoint;
      this.#protocol = protocol;
      this.#wasBound = true;
      this.#timers = startTimers(protocol, this.context.clock, () => this.#now(), () => this.#settle());
      return DONE;
    } catch (cause) {
      return failed(SocketError.is(cause) ? cause : new SocketError('System', `EnetHost: bind ${local}:${port} failed`, { cause }));
    }
  }

  #transmit(bytes: Uint8Array, address: string, port: number): void {
    const endpoint = this.#endpoint;
    if (endpoint === null) return;
    const report = (error: SocketError | null): void => {
      if (error !== null) this.context.logger.debug('EnetHost: a datagram was not sent', { code: error.code, message: error.message });
    };
    if (endpoint.sendWithCallback !== undefined) endpoint.sendWithCallback(bytes, address, port, report);
    else endpoint.send(bytes, address, port).then(() => report(null), (cause: unknown) => report(SocketError.is(cause) ? cause : null));
  }
}
