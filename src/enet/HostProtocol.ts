import { connectBody, type IncomingCommand, outsideReliableWindow } from './commands.js';
import { EnetPeerState as S } from './EnetPeerState.js';
import { PeerState, type PeerHost } from './PeerState.js';
import * as P from './protocol.js';

/** What the protocol tells the host that owns it. */
export interface HostSink {
  /** Asks the security manager about a peer that sent CONNECT; `false` refuses it (no reply). */
  admits(address: string, port: number): boolean;
  /** Sends one datagram. */
  transmit(datagram: Uint8Array, address: string, port: number): void;
  /** A connection is up (both sides): the connect event. */
  connected(peer: PeerState, data: number): void;
  /** A connection is over: the disconnect event (also for a connect that failed). Called before the slot is reset. */
  disconnected(peer: PeerState, data: number): void;
  /** A message is ready for the application. */
  received(peer: PeerState, channelID: number, data: Uint8Array): void;
}

/** The host settings the protocol runs with. */
export interface HostSettings {
  readonly peerCount: number;
  readonly channelLimit: number;
  readonly incomingBandwidth: number;
  readonly outgoingBandwidth: number;
  readonly maximumPacketSize: number;
  readonly maximumWaitingData: number;
  readonly mtu: number;
  readonly duplicatePeers: number;
}

/**
 * An ENet host's protocol state (`ENetHost`) with the host-level functions of ENet's
 * `protocol.c` and `host.c`: acknowledgements, connects, disconnects, time-outs and the
 * service step. It touches no socket: datagrams come in through {@link HostProtocol.receive}
 * and go out through the sink, and time is passed in, so it runs the same on any transport.
 *
 * @internal
 */
export class HostProtocol implements PeerHost {
  readonly peers: PeerState[];
  readonly sink: HostSink;
  checksum = false;
  mtu: number;
  readonly maximumPacketSize: number;
  readonly maximumWaitingData: number;
  channelLimit: number;
  duplicatePeers: number;
  incomingBandwidth: number;
  outgoingBandwidth: number;
  bandwidthLimitedPeers = 0;
  connectedPeers = 0;
  serviceTime = 1;
  bandwidthThrottleEpoch = 0;
  recalculateBandwidthLimits = false;
  continueSending = false;
  totalSentData = 0;
  totalSentPackets = 0;
  totalReceivedData = 0;
  totalReceivedPackets = 0;
  #randomSeed: number;
  readonly #zombies: PeerState[] = [];

  readonly #flush: (host: HostProtocol) => void;

  /**
   * @param flush - sends what is queued (`enet_host_flush`; passed in so this file needs not the sending code).
   */
  constructor(settings: HostSettings, sink: HostSink, randomSeed: number, flush: (host: HostProtocol) => void) {
    this.sink = sink;
    this.#flush = flush;
    this.mtu = settings.mtu;
    this.maximumPacketSize = settings.maximumPacketSize;
    this.maximumWaitingData = settings.maximumWaitingData;
    this.channelLimit = P.clamp(settings.channelLimit || P.MAXIMUM_CHANNEL_COUNT, P.MINIMUM_CHANNEL_COUNT, P.MAXIMUM_CHANNEL_COUNT);
    this.duplicatePeers = settings.duplicatePeers;
    this.incomingBandwidth = settings.incomingBandwidth;
    this.outgoingBandwidth = settings.outgoingBandwidth;
    this.#randomSeed = randomSeed | 0; // signed: a small integer to V8 (see PeerState.connectID)
    this.peers = Array.from({ length: settings.peerCount }, (_, id) => new PeerState(this, id));
  }

  /** `enet_host_flush`: sends what is queued, without checking time-outs. */
  flush(): void {
    this.#flush(this);
  }

  /** `enet_host_connect`: a free slot starts connecting; `null` when every slot is in use. */
  connect(address: string, port: number, channelCount: number, data: number): PeerState | null {
    const peer = this.peers.find((candidate) => candidate.state === S.Disconnected);
    if (peer === undefined) return null;
    const channels = P.clamp(channelCount, P.MINIMUM_CHANNEL_COUNT, P.MAXIMUM_CHANNEL_COUNT);
    peer.openChannels(channels);
    peer.state = S.Connecting;
    peer.address = address;
    peer.port = port;
    this.#randomSeed = (this.#randomSeed + 1) | 0;
    peer.connectID = this.#randomSeed;
    peer.windowSize = this.outgoingBandwidth === 0 ? P.MAXIMUM_WINDOW_SIZE : P.windowForBandwidth(this.outgoingBandwidth);
    const body = connectBody(P.COMMAND_CONNECT | P.FLAG_ACKNOWLEDGE, {
      outgoingPeerID: peer.incomingPeerID,
      incomingSessionID: peer.incomingSessionID,
      outgoingSessionID: peer.outgoingSessionID,
      mtu: peer.mtu,
      windowSize: peer.windowSize,
      channelCount: channels,
      incomingBandwidth: this.incomingBandwidth,
      outgoingBandwidth: this.outgoingBandwidth,
      packetThrottleInterval: peer.packetThrottleInterval,
      packetThrottleAcceleration: peer.packetThrottleAcceleration,
      packetThrottleDeceleration: peer.packetThrottleDeceleration,
      connectID: peer.connectID,
      data,
    });
    peer.queueOutgoing(body, null, 0, 0);
    return peer;
  }

  /** `enet_host_bandwidth_limit`. */
  bandwidthLimit(incoming: number, outgoing: number): void {
    this.incomingBandwidth = incoming;
    this.outgoingBandwidth = outgoing;
    this.recalculateBandwidthLimits = true;
  }

  admits(address: string, port: number): boolean {
    return this.sink.admits(address, port);
  }

  /** A packet leaves its channel for the application; it counts in `totalWaitingData` until the application takes it. */
  dispatch(peer: PeerState, command: IncomingCommand): void {
    this.sink.received(peer, command.channelID, command.data);
  }

  dispatchState(peer: PeerState): void {
    this.dispatchZombie(peer);
  }

  /** An incoming connection took a slot (the hook for a new connection's handle). */
  peerStarted(peer: PeerState): void {
    peer.generation++;
  }

  /** The window size for a peer with `incomingBandwidth` (`enet_protocol_handle_connect`, `…_bandwidth_limit`). */
  peerWindowSize(peerIncoming: number): number {
    const host = this.outgoingBandwidth;
    if (host === 0 && peerIncoming === 0) return P.MAXIMUM_WINDOW_SIZE;
    const bandwidth = host === 0 || peerIncoming === 0 ? Math.max(host, peerIncoming) : Math.min(host, peerIncoming);
    return P.clamp(Math.floor(bandwidth / P.PEER_WINDOW_SIZE_SCALE) * P.MINIMUM_WINDOW_SIZE, P.MINIMUM_WINDOW_SIZE, P.MAXIMUM_WINDOW_SIZE);
  }

  /** `enet_protocol_change_state`. */
  changeState(peer: PeerState, state: S): void {
    if (state === S.Connected || state === S.DisconnectLater) peer.onConnect();
    else peer.onDisconnect();
    peer.state = state;
  }

  /** `enet_protocol_dispatch_state (…, ZOMBIE)`: the disconnect event is given once the current step is over. */
  dispatchZombie(peer: PeerState): void {
    this.changeState(peer, S.Zombie);
    if (!this.#zombies.includes(peer)) this.#zombies.push(peer);
  }

  /** Gives the disconnect events of the peers that became zombies, and frees their slots. */
  drain(): void {
    while (this.#zombies.length > 0) {
      const peer = this.#zombies.shift() as PeerState;
      if (peer.state !== S.Zombie) continue;
      this.recalculateBandwidthLimits = true;
      this.sink.disconnected(peer, peer.eventData);
      peer.reset();
    }
  }

  /** `enet_protocol_notify_connect`, as when an event is being serviced: connected now. */
  notifyConnect(peer: PeerState): void {
    this.recalculateBandwidthLimits = true;
    this.changeState(peer, S.Connected);
    this.sink.connected(peer, peer.eventData);
  }

  /** `enet_protocol_notify_disconnect`, as when an event is being serviced. */
  notifyDisconnect(peer: PeerState): void {
    if (peer.state >= S.ConnectionPending) this.recalculateBandwidthLimits = true;
    if (peer.state !== S.Connecting && peer.state < S.ConnectionSucceeded) {
      peer.reset();
    } else {
      this.sink.disconnected(peer, 0);
      peer.reset();
    }
  }

  /** `enet_protocol_handle_acknowledge`: `false` for ENet's error. */
  handleAcknowledge(peer: PeerState, receivedReliableSequenceNumber: number, receivedSentTimeLow: number, channelID: number): boolean {
    if (peer.state === S.Disconnected || peer.state === S.Zombie) return true;
    const now = this.serviceTime;
    let receivedSentTime = now - (now % 0x10000) + receivedSentTimeLow;
    if ((receivedSentTimeLow & 0x8000) > (now & 0x8000)) receivedSentTime -= 0x10000;
    if (now < receivedSentTime) return true;
    const roundTripTime = Math.max(now - receivedSentTime, 1);
    // ENet's unsigned divisions, as shifts (the values are small and never negative), and an
    // estimate moved down by subtracting, never by adding `-x`: integer arithmetic only, as a
    // -0 or a fraction would turn these fields into doubles (see PeerState.connectID).
    if (peer.lastReceiveTime > 0) {
      peer.throttle(roundTripTime);
      peer.roundTripTimeVariance -= peer.roundTripTimeVariance >> 2;
      const diff = Math.abs(roundTripTime - peer.roundTripTime);
      peer.roundTripTimeVariance += diff >> 2;
      if (roundTripTime >= peer.roundTripTime) peer.roundTripTime += diff >> 3;
      else peer.roundTripTime -= diff >> 3;
    } else {
      peer.roundTripTime = roundTripTime;
      peer.roundTripTimeVariance = (roundTripTime + 1) >> 1;
    }
    if (peer.roundTripTime < peer.lowestRoundTripTime) peer.lowestRoundTripTime = peer.roundTripTime;
    if (peer.roundTripTimeVariance > peer.highestRoundTripTimeVariance) peer.highestRoundTripTimeVariance = peer.roundTripTimeVariance;
    if (peer.packetThrottleEpoch === 0 || P.timeDifference(now, peer.packetThrottleEpoch) >= peer.packetThrottleInterval) {
      peer.lastRoundTripTime = peer.lowestRoundTripTime;
      peer.lastRoundTripTimeVariance = Math.max(peer.highestRoundTripTimeVariance, 1);
      peer.lowestRoundTripTime = peer.roundTripTime;
      peer.highestRoundTripTimeVariance = peer.roundTripTimeVariance;
      peer.packetThrottleEpoch = now;
    }
    peer.lastReceiveTime = Math.max(now, 1);
    peer.earliestTimeout = 0;
    const commandNumber = this.removeSentReliable(peer, receivedReliableSequenceNumber, channelID);
    if (peer.state === S.AcknowledgingConnect) {
      if (commandNumber !== P.COMMAND_VERIFY_CONNECT) return false;
      this.notifyConnect(peer);
    } else if (peer.state === S.Disconnecting) {
      if (commandNumber !== P.COMMAND_DISCONNECT) return false;
      this.notifyDisconnect(peer);
    } else if (peer.state === S.DisconnectLater && peer.outgoingCommands.length === 0 && peer.sentReliableCommands.length === 0) {
      peer.disconnect(peer.eventData);
    }
    return true;
  }

  /** `enet_protocol_remove_sent_reliable_command`: the command number acknowledged, or `COMMAND_NONE`. */
  removeSentReliable(peer: PeerState, reliableSequenceNumber: number, channelID: number): number {
    const sent = peer.sentReliableCommands;
    let index = -1;
    for (let i = 0; i < sent.length; i++) {
      const command = sent[i]!;
      if (command.reliableSequenceNumber === reliableSequenceNumber && command.channelID === channelID) {
        index = i;
        break;
      }
    }
    let wasSent = true;
    let list = sent;
    if (index < 0) {
      const outgoing = peer.outgoingCommands;
      for (let i = 0; i < outgoing.length; i++) {
        const command = outgoing[i]!;
        if (!(command.command & P.FLAG_ACKNOWLEDGE)) continue;
        if (command.sendAttempts < 1) return P.COMMAND_NONE;
        if (command.reliableSequenceNumber === reliableSequenceNumber && command.channelID === channelID) {
          index = i;
          break;
        }
      }
      if (index < 0) return P.COMMAND_NONE;
      wasSent = false;
      list = outgoing;
    }
    // The oldest is the one usually acknowledged: `shift` makes no array, `splice` does.
    const command = index === 0 ? list.shift() : list.splice(index, 1)[0];
    if (command === undefined) return P.COMMAND_NONE;
    const channel = peer.channels[channelID];
    if (channel !== undefined) {
      const window = Math.floor(reliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
      if ((channel.reliableWindows[window] as number) > 0) {
        channel.reliableWindows[window] = (channel.reliableWindows[window] as number) - 1;
        if (channel.reliableWindows[window] === 0) channel.usedReliableWindows &= ~(1 << window);
      }
    }
    if (!wasSent && outsideReliableWindow(command)) peer.outgoingOthers--;
    if (command.packet !== null) {
      if (wasSent) peer.reliableDataInTransit -= command.fragmentLength;
      peer.outgoingPacketBytes -= command.fragmentLength;
    }
    const first = sent[0];
    if (first !== undefined) peer.nextTimeout = first.sentTime + first.resendTimeout;
    return command.command & P.COMMAND_MASK;
  }

  /** `enet_protocol_handle_disconnect`. */
  handleDisconnect(peer: PeerState, command: number, data: number): void {
    const state = peer.state;
    if (state === S.Disconnected || state === S.Zombie || state === S.AcknowledgingDisconnect) return;
    if (command & P.FLAG_ACKNOWLEDGE) peer.rememberEnd(this.serviceTime);
    peer.resetQueues();
    if (state === S.ConnectionSucceeded || state === S.Disconnecting || state === S.Connecting) this.dispatchZombie(peer);
    else if (state !== S.Connected && state !== S.DisconnectLater) {
      if (state === S.ConnectionPending) this.recalculateBandwidthLimits = true;
      peer.reset();
    } else if (command & P.FLAG_ACKNOWLEDGE) this.changeState(peer, S.AcknowledgingDisconnect);
    else this.dispatchZombie(peer);
    if (peer.state !== S.Disconnected) peer.eventData = data;
  }

  /** `enet_protocol_handle_bandwidth_limit`. */
  handleBandwidthLimit(peer: PeerState, incoming: number, outgoing: number): void {
    if (peer.incomingBandwidth !== 0) this.bandwidthLimitedPeers--;
    peer.incomingBandwidth = incoming;
    peer.outgoingBandwidth = outgoing;
    if (peer.incomingBandwidth !== 0) this.bandwidthLimitedPeers++;
    peer.windowSize = this.peerWindowSize(peer.incomingBandwidth);
  }
}
