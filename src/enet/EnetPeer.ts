import { IpAddress } from '../address/IpAddress.js';
import { answerEmpty } from '../core/pacing.js';
import { DISCONNECTED, NOTHING_SENT, NOTHING_SENT_NOW, doneSentNow, failed, withSent } from '../core/results.js';
import { SocketError } from '../core/SocketError.js';
import type { SendResult } from '../core/SocketResult.js';
import { Packet, payloadForSend } from '../packet/Packet.js';
import { checkSize } from '../socket/validate.js';
import { EnetPeerState } from './EnetPeerState.js';
import type { PeerState } from './PeerState.js';
import * as P from './protocol.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * What a peer handle needs from its host.
 *
 * @internal
 */
export interface PeerOwner {
  /** The `enetMaxOutgoingData` limit. */
  readonly maxOutgoing: number;
  /** The host's blocking mode. */
  isBlocking(): boolean;
  /** Something was queued: send it soon (this turn of the event loop). */
  queued(): void;
  /** Resolves `true` when `state` has room for `bytes` more, `false` when the connection (or host) ended first. */
  waitForRoom(state: PeerState, generation: number, bytes: number): Promise<boolean>;
}

/**
 * One connection of an {@link EnetHost}: ENet's `ENetPeer`, for as long as that connection lasts.
 *
 * @remarks
 * Handles come from `connect` and from events; a handle stays valid after its connection ends
 * (its state reads `Disconnected`), and is never reused for another connection, though ENet
 * reuses the slot (the same {@link EnetPeer.getId}).
 *
 * Statistics are ENet's own: the round-trip time and its variance are the smoothed figures of
 * `enet_protocol_handle_acknowledge` (1/8 and 1/4 gains, starting at 500 ms), the packet loss is
 * the share of reliable commands resent, scaled to {@link EnetPeer.PacketLossScale} and averaged
 * every 10 s as `enet_protocol_send_outgoing_commands` does.
 *
 * @example
 * ```ts
 * const { event } = await host.service(1000);
 * if (event?.type === EnetEventType.Connect) {
 *   const peer = event.peer;
 *   await peer.send(0, new Packet().writeString('welcome'), EnetPacketFlag.Reliable);
 *   console.log(peer.getRoundTripTime(), 'ms');
 * }
 * ```
 */
export class EnetPeer {
  /**
   * The scale of {@link EnetPeer.getPacketLoss}: 65536 means every packet lost (`ENET_PEER_PACKET_LOSS_SCALE`).
   *
   * @example
   * ```ts
   * const percent = (100 * peer.getPacketLoss()) / EnetPeer.PacketLossScale;
   * ```
   */
  static readonly PacketLossScale = P.PEER_PACKET_LOSS_SCALE;

  readonly #state: PeerState;
  readonly #generation: number;
  readonly #owner: PeerOwner;
  readonly #address: IpAddress | null;
  readonly #port: number;

  /**
   * Made by the host; not for applications.
   *
   * @internal
   */
  constructor(state: PeerState, owner: PeerOwner) {
    this.#state = state;
    this.#generation = state.generation;
    this.#owner = owner;
    this.#address = IpAddress.tryParse(state.address);
    this.#port = state.port;
  }

  /** The slot, while this handle's connection holds it. */
  #live(): PeerState | null {
    return this.#state.generation === this.#generation ? this.#state : null;
  }

  /** The slot, while this handle's connection holds it and is up. */
  #connected(): PeerState | null {
    const state = this.#live();
    return state !== null && state.state === EnetPeerState.Connected ? state : null;
  }

  /**
   * Queues a message on a channel (`enet_peer_send`); the host sends it in this turn of the event loop.
   *
   * @remarks
   * `flags` chooses the delivery: {@link EnetPacketFlag.Reliable} arrives once and in order on
   * its channel; no flag is unreliable but sequenced (a message older than one already
   * delivered is dropped); {@link EnetPacketFlag.Unsequenced} is unreliable in any order. A
   * message larger than one datagram goes in fragments (reliable ones unless
   * {@link EnetPacketFlag.UnreliableFragment}). The bytes are copied at the call. When the
   * peer's queued and unacknowledged bytes would pass the `enetMaxOutgoingData` limit, a
   * blocking host waits for acknowledgements to make room; a non-blocking one answers `NotReady`.
   *
   * @param channelID - the channel, from 0 to `getChannelCount() - 1`.
   * @param data - the bytes, or a packet's payload.
   * @param flags - {@link EnetPacketFlag} values or-ed together (default: unreliable, sequenced).
   * @returns `Done` with `sent` = the message's size once queued; `NotReady` (non-blocking, no
   *   room); `Disconnected` when the connection is not (or no longer) up; `Error` of kind
   *   `'TooLarge'` for a message over the `maxPacketSize` limit.
   * @throws (as a rejection) TypeError / RangeError for bad data, channel or flags.
   * @example
   * ```ts
   * await peer.send(0, new Packet().writeString('door opened'), EnetPacketFlag.Reliable);
   * await peer.send(1, new Packet().writeFloat(x).writeFloat(y)); // unreliable, sequenced
   * ```
   */
  send(channelID: number, data: Uint8Array | Packet, flags: number = 0): Promise<SendResult> {
    try {
      if (!(data instanceof Uint8Array) && !(data instanceof Packet)) throw new TypeError('EnetPeer.send: expected a Uint8Array or a Packet');
      checkSize('EnetPeer.send', 'channelID', channelID, 0, P.MAXIMUM_CHANNEL_COUNT - 1);
      checkSize('EnetPeer.send', 'flags', flags, 0, 15);
      const bytes = copyBytes(payloadForSend(data));
      const state = this.#connected();
      if (state === null) return Promise.resolve(withSent(DISCONNECTED, 0));
      if (channelID >= state.channels.length) throw new RangeError(`EnetPeer.send: channel ${channelID} is not open (the connection has ${state.channels.length})`);
      if (bytes.length > state.host.maximumPacketSize) {
        return Promise.resolve(withSent(failed(new SocketError('TooLarge', `EnetPeer.send: a message of ${bytes.length} bytes exceeds the maxPacketSize limit of ${state.host.maximumPacketSize}`)), 0));
      }
      if (state.outgoingPacketBytes > 0 && state.outgoingPacketBytes + bytes.length > this.#owner.maxOutgoing) {
        // Non-blocking: NotReady, paced so that a loop polling without pause lets the
        // acknowledgements that make room arrive.
        return this.#owner.isBlocking() ? this.#sendWhenRoom(state, channelID, bytes, flags) : answerEmpty(NOTHING_SENT_NOW, NOTHING_SENT);
      }
      return this.#queue(state, channelID, bytes, flags);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Queues `bytes` on `state` (it has room); the answer, shared when `Done`. */
  #queue(state: PeerState, channelID: number, bytes: Uint8Array, flags: number): Promise<SendResult> {
    if (!state.send(channelID, bytes, flags)) return Promise.resolve(withSent(DISCONNECTED, 0));
    this.#owner.queued();
    return doneSentNow(bytes.length);
  }

  /** A blocking send without room: waits for acknowledgements to make it, then queues. */
  async #sendWhenRoom(state: PeerState, channelID: number, bytes: Uint8Array, flags: number): Promise<SendResult> {
    if (!(await this.#owner.waitForRoom(state, this.#generation, bytes.length))) return withSent(DISCONNECTED, 0);
    const now = this.#connected();
    if (now === null) return withSent(DISCONNECTED, 0);
    return this.#queue(now, channelID, bytes, flags);
  }

  /**
   * Asks for a disconnection (`enet_peer_disconnect`): queued messages are dropped, the peer is
   * told reliably, and a disconnect event follows when it has acknowledged (or timed out).
   *
   * @param data - a 32-bit value the peer's disconnect event carries.
   * @example
   * ```ts
   * peer.disconnect(42); // the peer's disconnect event carries 42
   * const { event } = await host.service(3000); // then ours, once it acknowledged
   * ```
   */
  disconnect(data: number = 0): void {
    this.#live()?.disconnect(checkSize('EnetPeer.disconnect', 'data', data, 0, 0xffffffff));
    this.#owner.queued();
  }

  /**
   * Disconnects once every queued message has been sent and acknowledged (`enet_peer_disconnect_later`).
   *
   * @param data - a 32-bit value the peer's disconnect event carries.
   * @example
   * ```ts
   * await peer.send(0, new Packet().writeString('bye'), EnetPacketFlag.Reliable);
   * peer.disconnectLater();
   * ```
   */
  disconnectLater(data: number = 0): void {
    this.#live()?.disconnectLater(checkSize('EnetPeer.disconnectLater', 'data', data, 0, 0xffffffff));
    this.#owner.queued();
  }

  /**
   * Disconnects at once (`enet_peer_disconnect_now`): the peer is told once, unreliably, and no
   * disconnect event follows here.
   *
   * @param data - a 32-bit value the peer's disconnect event carries.
   * @example
   * ```ts
   * peer.disconnectNow();
   * peer.getState(); // EnetPeerState.Disconnected, at once
   * ```
   */
  disconnectNow(data: number = 0): void {
    this.#live()?.disconnectNow(checkSize('EnetPeer.disconnectNow', 'data', data, 0, 0xffffffff));
  }

  /**
   * Drops the connection without telling the peer (`enet_peer_reset`); it will time out there.
   *
   * @example
   * ```ts
   * peer.reset();
   * peer.getState(); // EnetPeerState.Disconnected; the peer times out on its side
   * ```
   */
  reset(): void {
    this.#live()?.reset();
  }

  /**
   * Sends a ping now (`enet_peer_ping`); the host pings by itself every ping interval anyway.
   *
   * @example
   * ```ts
   * peer.ping();
   * setTimeout(() => console.log(peer.getRoundTripTime(), 'ms'), 100);
   * ```
   */
  ping(): void {
    this.#live()?.ping();
    this.#owner.queued();
  }

  /**
   * Sets how often an idle connection is pinged (`enet_peer_ping_interval`); 0 restores 500 ms.
   *
   * @param milliseconds - the interval.
   * @example
   * ```ts
   * peer.setPingInterval(250); // an idle connection's round-trip time stays fresh
   * setTimeout(() => console.log(peer.getRoundTripTime()), 1000);
   * ```
   */
  setPingInterval(milliseconds: number): void {
    const interval = checkSize('EnetPeer.setPingInterval', 'milliseconds', milliseconds, 0, 0xffffffff);
    const state = this.#live();
    if (state !== null) state.pingInterval = interval || P.PEER_PING_INTERVAL;
  }

  /**
   * Sets the time-out rules (`enet_peer_timeout`); 0 keeps ENet's default for that value.
   *
   * @remarks
   * An unacknowledged reliable command is resent after its round-trip time-out, which doubles
   * each time. The connection is dropped when a command has waited `maximum` ms, or when its
   * time-out has reached `limit` times the first one and it has waited `minimum` ms.
   *
   * @param limit - the doubling limit, as a multiple (default 32).
   * @param minimum - ms (default 5000).
   * @param maximum - ms (default 30000).
   * @example
   * ```ts
   * peer.setTimeout(0, 1000, 3000); // give up after 1 to 3 seconds of silence
   * ```
   */
  setTimeout(limit: number, minimum: number, maximum: number): void {
    const state = this.#live();
    if (state === null) return;
    state.timeoutLimit = checkSize('EnetPeer.setTimeout', 'limit', limit, 0, 0xffffffff) || P.PEER_TIMEOUT_LIMIT;
    state.timeoutMinimum = checkSize('EnetPeer.setTimeout', 'minimum', minimum, 0, 0xffffffff) || P.PEER_TIMEOUT_MINIMUM;
    state.timeoutMaximum = checkSize('EnetPeer.setTimeout', 'maximum', maximum, 0, 0xffffffff) || P.PEER_TIMEOUT_MAXIMUM;
  }

  /**
   * Configures the unreliable-packet throttle and tells the peer (`enet_peer_throttle_configure`).
   *
   * @param interval - ms over which the lowest round-trip time is measured (default 5000).
   * @param acceleration - throttle increase per good measurement, out of 32 (default 2).
   * @param deceleration - throttle decrease per bad measurement, out of 32 (default 2).
   * @example
   * ```ts
   * peer.throttleConfigure(1000, 4, 4);
   * ```
   */
  throttleConfigure(interval: number, acceleration: number, deceleration: number): void {
    const state = this.#connected();
    if (state === null) return;
    state.throttleConfigure(
      checkSize('EnetPeer.throttleConfigure', 'interval', interval, 0, 0xffffffff),
      checkSize('EnetPeer.throttleConfigure', 'acceleration', acceleration, 0, 0xffffffff),
      checkSize('EnetPeer.throttleConfigure', 'deceleration', deceleration, 0, 0xffffffff),
    );
    this.#owner.queued();
  }

  /**
   * The connection's state; `Disconnected` once it is over.
   *
   * @example
   * ```ts
   * peer.getState() === EnetPeerState.Connected;
   * ```
   */
  getState(): EnetPeerState {
    return this.#live()?.state ?? EnetPeerState.Disconnected;
  }

  /**
   * The smoothed round-trip time in ms (ENet's `roundTripTime`; 500 before the first measurement).
   *
   * @example
   * ```ts
   * console.log(peer.getRoundTripTime(), '±', peer.getRoundTripTimeVariance(), 'ms');
   * ```
   */
  getRoundTripTime(): number {
    return this.#live()?.roundTripTime ?? 0;
  }

  /**
   * The round-trip time's mean deviation in ms (`roundTripTimeVariance`).
   *
   * @example
   * ```ts
   * const timeout = peer.getRoundTripTime() + 4 * peer.getRoundTripTimeVariance(); // ENet's first resend time-out
   * ```
   */
  getRoundTripTimeVariance(): number {
    return this.#live()?.roundTripTimeVariance ?? 0;
  }

  /**
   * The mean packet loss of reliable commands, out of {@link EnetPeer.PacketLossScale} (`packetLoss`).
   *
   * @example
   * ```ts
   * const share = peer.getPacketLoss() / EnetPeer.PacketLossScale;
   * ```
   */
  getPacketLoss(): number {
    return this.#live()?.packetLoss ?? 0;
  }

  /**
   * The packet loss's variance, out of {@link EnetPeer.PacketLossScale} (`packetLossVariance`).
   *
   * @example
   * ```ts
   * console.log(peer.getPacketLoss(), '±', peer.getPacketLossVariance(), 'of', EnetPeer.PacketLossScale);
   * ```
   */
  getPacketLossVariance(): number {
    return this.#live()?.packetLossVariance ?? 0;
  }

  /**
   * The number of channels of the connection (0 once it is over).
   *
   * @example
   * ```ts
   * for (let channel = 0; channel < peer.getChannelCount(); channel++) console.log(channel);
   * ```
   */
  getChannelCount(): number {
    return this.#live()?.channels.length ?? 0;
  }

  /**
   * The slot of the host this connection uses (`incomingPeerID`), 0 to `peerCount - 1`.
   *
   * @example
   * ```ts
   * players.set(peer.getId(), name);
   * ```
   */
  getId(): number {
    return this.#state.incomingPeerID;
  }

  /**
   * The peer's address.
   *
   * @example
   * ```ts
   * console.log(peer.getAddress()?.toString(), peer.getPort());
   * ```
   */
  getAddress(): IpAddress | null {
    return this.#address;
  }

  /**
   * The peer's port.
   *
   * @example
   * ```ts
   * console.log(`${peer.getAddress()?.toString()}:${peer.getPort()}`);
   * ```
   */
  getPort(): number {
    return this.#port;
  }

  /**
   * The path MTU the connection uses, in bytes: the smaller of the host's `mtu` setting (1400 by default) and the peer's.
   *
   * @example
   * ```ts
   * const fits = peer.getMtu() - 4 - 24; // payload bytes per fragment
   * ```
   */
  getMtu(): number {
    return this.#live()?.mtu ?? 0;
  }

  /**
   * The peer's downstream bandwidth in bytes/s, 0 for unlimited (`incomingBandwidth`): what it
   * said when connecting, then what its last BANDWIDTH_LIMIT command said (`enet_host_bandwidth_limit`
   * on its side). 0 once the connection is over.
   *
   * @example
   * ```ts
   * console.log(peer.getIncomingBandwidth(), peer.getOutgoingBandwidth(), 'bytes/s');
   * ```
   */
  getIncomingBandwidth(): number {
    return this.#live()?.incomingBandwidth ?? 0;
  }

  /**
   * The peer's upstream bandwidth in bytes/s, 0 for unlimited (`outgoingBandwidth`), told as
   * {@link EnetPeer.getIncomingBandwidth} is. 0 once the connection is over.
   *
   * @example
   * ```ts
   * const unlimited = peer.getOutgoingBandwidth() === 0;
   * ```
   */
  getOutgoingBandwidth(): number {
    return this.#live()?.outgoingBandwidth ?? 0;
  }

  /**
   * The unreliable-packet throttle's settings (`packetThrottleInterval`, `…Acceleration`,
   * `…Deceleration`): as set by {@link EnetPeer.throttleConfigure} here or by
   * `enet_peer_throttle_configure` on the other side, whichever came last. ENet's defaults
   * (5000, 2, 2) once the connection is over.
   *
   * @example
   * ```ts
   * const { interval, acceleration, deceleration } = peer.getThrottleConfiguration();
   * ```
   */
  getThrottleConfiguration(): {
    /** ms over which the lowest round-trip time is measured (`packetThrottleInterval`). */
    readonly interval: number;
    /** Throttle increase per good measurement, out of 32 (`packetThrottleAcceleration`). */
    readonly acceleration: number;
    /** Throttle decrease per bad measurement, out of 32 (`packetThrottleDeceleration`). */
    readonly deceleration: number;
  } {
    const state = this.#live();
    if (state === null) return { interval: P.PEER_PACKET_THROTTLE_INTERVAL, acceleration: P.PEER_PACKET_THROTTLE_ACCELERATION, deceleration: P.PEER_PACKET_THROTTLE_DECELERATION };
    return { interval: state.packetThrottleInterval, acceleration: state.packetThrottleAcceleration, deceleration: state.packetThrottleDeceleration };
  }
}
