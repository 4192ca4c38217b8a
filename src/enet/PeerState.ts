import { type Acknowledgement, type IncomingCommand, type OutgoingCommand, commandBody, fragmentBody, outsideReliableWindow, wordsBody } from './commands.js';
import { EnetChannel } from './EnetChannel.js';
import { EnetPeerState as S, EnetPacketFlag } from './EnetPeerState.js';
import * as P from './protocol.js';

/** What a peer needs from its host. */
export interface PeerHost {
  readonly mtu: number;
  readonly maximumPacketSize: number;
  readonly maximumWaitingData: number;
  readonly checksum: boolean;
  readonly incomingBandwidth: number;
  readonly outgoingBandwidth: number;
  bandwidthLimitedPeers: number;
  connectedPeers: number;
  /** Sends what is queued, now (`enet_host_flush`). */
  flush(): void;
  /** A packet is ready for the application (moved to `dispatchedCommands` in ENet). */
  dispatch(peer: PeerState, command: IncomingCommand): void;
  /** The peer's state needs an event (connect or disconnect) dispatched. */
  dispatchState(peer: PeerState): void;
}

/** The result of queueing an incoming command: the command, `'discarded'` (fine, nothing to do), or `null` (an error: stop reading the datagram). */
export type Queued = IncomingCommand | 'discarded' | null;

/**
 * Who a connection's datagrams came from and went to, kept after it ended (TCP's TIME-WAIT, for
 * one command): enough to recognise its DISCONNECT and to address an acknowledgement to it.
 *
 * @internal
 */
export interface EndedConnection {
  readonly address: string;
  readonly port: number;
  /** The session its datagrams carry (`incomingSessionID`). */
  readonly incomingSessionID: number;
  readonly outgoingPeerID: number;
  readonly outgoingSessionID: number;
  readonly connectID: number;
  /** Until when (service time) a DISCONNECT is acknowledged again: the longest the other side waits for it. */
  readonly until: number;
  lastSendTime: number;
}

/**
 * The protocol state of one peer slot of a host (`ENetPeer`) and the functions of ENet's `peer.c`
 * that work on it: queueing outgoing commands, acknowledgements and incoming commands,
 * dispatching them in order, fragmenting sends, the throttle, and reset.
 *
 * @internal
 */
export class PeerState {
  readonly host: PeerHost;
  readonly incomingPeerID: number;
  outgoingPeerID = P.MAXIMUM_PEER_ID;
  /**
   * The connection's id, signed (its four bytes are the wire's). V8 keeps a field holding only
   * 31-bit integers unboxed; one random id of 2^31 or more would make it a double for every peer of
   * the process, and every function optimised for peers would be deoptimised and compiled again in
   * the middle of a connection. Measured: on a fresh connection after a warm-up, that recompiling
   * took a 2-core machine's background threads ~130 ms of a 0.6 s run and held reliable messages
   * for 3-8 ms at a time. The round-trip fields below avoid -0 for the same reason.
   */
  connectID = 0;
  outgoingSessionID = 0xff;
  incomingSessionID = 0xff;
  address = '';
  port = 0;
  state: S = S.Disconnected;
  channels: EnetChannel[] = [];
  incomingBandwidth = 0;
  outgoingBandwidth = 0;
  incomingBandwidthThrottleEpoch = 0;
  outgoingBandwidthThrottleEpoch = 0;
  incomingDataTotal = 0;
  outgoingDataTotal = 0;
  lastSendTime = 0;
  lastReceiveTime = 0;
  nextTimeout = 0;
  earliestTimeout = 0;
  packetLossEpoch = 0;
  packetsSent = 0;
  packetsLost = 0;
  packetLoss = 0;
  packetLossVariance = 0;
  packetThrottle = P.PEER_DEFAULT_PACKET_THROTTLE;
  packetThrottleLimit = P.PEER_PACKET_THROTTLE_SCALE;
  packetThrottleCounter = 0;
  packetThrottleEpoch = 0;
  packetThrottleAcceleration = P.PEER_PACKET_THROTTLE_ACCELERATION;
  packetThrottleDeceleration = P.PEER_PACKET_THROTTLE_DECELERATION;
  packetThrottleInterval = P.PEER_PACKET_THROTTLE_INTERVAL;
  pingInterval = P.PEER_PING_INTERVAL;
  timeoutLimit = P.PEER_TIMEOUT_LIMIT;
  timeoutMinimum = P.PEER_TIMEOUT_MINIMUM;
  timeoutMaximum = P.PEER_TIMEOUT_MAXIMUM;
  lastRoundTripTime = P.PEER_DEFAULT_ROUND_TRIP_TIME;
  lowestRoundTripTime = P.PEER_DEFAULT_ROUND_TRIP_TIME;
  lastRoundTripTimeVariance = 0;
  highestRoundTripTimeVariance = 0;
  roundTripTime = P.PEER_DEFAULT_ROUND_TRIP_TIME;
  roundTripTimeVariance = 0;
  mtu: number;
  windowSize = P.MAXIMUM_WINDOW_SIZE;
  reliableDataInTransit = 0;
  outgoingReliableSequenceNumber = 0;
  acknowledgements: Acknowledgement[] = [];
  sentReliableCommands: OutgoingCommand[] = [];
  outgoingCommands: OutgoingCommand[] = [];
  /**
   * How many of `outgoingCommands` are unreliable or carry no packet: those the reliable window
   * does not hold back (so a long queue past the window is not walked for each datagram).
   */
  outgoingOthers = 0;
  /** Bytes of outgoing packets queued or in flight (bounded by the host's `enetMaxOutgoingData`). */
  outgoingPacketBytes = 0;
  incomingUnsequencedGroup = 0;
  outgoingUnsequencedGroup = 0;
  readonly unsequencedWindow = new Uint32Array(P.PEER_UNSEQUENCED_WINDOW_SIZE / 32);
  eventData = 0;
  /**
   * The connection this slot ended after a DISCONNECT that asked for an acknowledgement, kept
   * after the slot is reset so that the DISCONNECT sent again (the first acknowledgement was lost)
   * is acknowledged again — see `reacknowledgeDisconnect` in `receive.ts`. `null` when none.
   */
  ended: EndedConnection | null = null;
  totalWaitingData = 0;
  /** Bumped by every reset: events and handles of an older connection are told apart. */
  generation = 0;

  constructor(host: PeerHost, incomingPeerID: number) {
    this.host = host;
    this.incomingPeerID = incomingPeerID;
    this.mtu = host.mtu;
  }

  /** `enet_peer_throttle`: adjusts the packet throttle from a round-trip time measured. */
  throttle(rtt: number): number {
    if (this.lastRoundTripTime <= this.lastRoundTripTimeVariance) {
      this.packetThrottle = this.packetThrottleLimit;
    } else if (rtt <= this.lastRoundTripTime) {
      this.packetThrottle = Math.min(this.packetThrottle + this.packetThrottleAcceleration, this.packetThrottleLimit);
      return 1;
    } else if (rtt > this.lastRoundTripTime + 2 * this.lastRoundTripTimeVariance) {
      this.packetThrottle = this.packetThrottle > this.packetThrottleDeceleration ? this.packetThrottle - this.packetThrottleDeceleration : 0;
      return -1;
    }
    return 0;
  }

  /** `enet_peer_throttle_configure`: sets the throttle parameters and tells the peer. */
  throttleConfigure(interval: number, acceleration: number, deceleration: number): void {
    this.packetThrottleInterval = interval;
    this.packetThrottleAcceleration = acceleration;
    this.packetThrottleDeceleration = deceleration;
    this.queueOutgoing(wordsBody(P.COMMAND_THROTTLE_CONFIGURE | P.FLAG_ACKNOWLEDGE, [interval, acceleration, deceleration]), null, 0, 0);
  }

  /**
   * `enet_peer_send`: queues `data` on `channelID`, in fragments when it does not fit one
   * datagram. `false` when ENet would fail (not connected, too large, too many fragments).
   */
  send(channelID: number, data: Uint8Array, flags: number): boolean {
    const channel = this.channels[channelID];
    if (this.state !== S.Connected || channel === undefined || data.length > this.host.maximumPacketSize) return false;
    let fragmentLength = this.mtu - P.PROTOCOL_HEADER_SIZE - P.COMMAND_SIZES[P.COMMAND_SEND_FRAGMENT]!;
    if (this.host.checksum) fragmentLength -= 4;
    if (data.length > fragmentLength) return this.#sendFragments(channel, channelID, data, flags, fragmentLength);
    let command: number;
    if ((flags & (EnetPacketFlag.Reliable | EnetPacketFlag.Unsequenced)) === EnetPacketFlag.Unsequenced) {
      command = P.COMMAND_SEND_UNSEQUENCED | P.FLAG_UNSEQUENCED;
    } else if (flags & EnetPacketFlag.Reliable || channel.outgoingUnreliableSequenceNumber >= 0xffff) {
      command = P.COMMAND_SEND_RELIABLE | P.FLAG_ACKNOWLEDGE;
    } else {
      command = P.COMMAND_SEND_UNRELIABLE;
    }
    // Written byte by byte: a DataView would give the small array an ArrayBuffer of its own.
    const body = new Uint8Array(P.COMMAND_SIZES[command & P.COMMAND_MASK] as number);
    body[0] = command;
    body[1] = channelID;
    body[body.length - 2] = data.length >>> 8; // dataLength is the last field of all three
    body[body.length - 1] = data.length & 0xff;
    this.queueOutgoing(body, data, 0, data.length);
    return true;
  }

  #sendFragments(channel: EnetChannel, channelID: number, data: Uint8Array, flags: number, fragmentLength: number): boolean {
    const fragmentCount = Math.ceil(data.length / fragmentLength);
    if (fragmentCount > P.MAXIMUM_FRAGMENT_COUNT) return false;
    let command: number;
    let startSequenceNumber: number;
    if ((flags & (EnetPacketFlag.Reliable | EnetPacketFlag.UnreliableFragment)) === EnetPacketFlag.UnreliableFragment && channel.outgoingUnreliableSequenceNumber < 0xffff) {
      command = P.COMMAND_SEND_UNRELIABLE_FRAGMENT;
      startSequenceNumber = (channel.outgoingUnreliableSequenceNumber + 1) & 0xffff;
    } else {
      command = P.COMMAND_SEND_FRAGMENT | P.FLAG_ACKNOWLEDGE;
      startSequenceNumber = (channel.outgoingReliableSequenceNumber + 1) & 0xffff;
    }
    for (let fragmentNumber = 0, fragmentOffset = 0; fragmentOffset < data.length; fragmentNumber++, fragmentOffset += fragmentLength) {
      const length = Math.min(fragmentLength, data.length - fragmentOffset);
      const body = fragmentBody(command, channelID, { startSequenceNumber, dataLength: length, fragmentCount, fragmentNumber, totalLength: data.length, fragmentOffset });
      this.queueOutgoing(body, data, fragmentOffset, length);
    }
    return true;
  }

  /** `enet_peer_queue_outgoing_command` with `enet_peer_setup_outgoing_command`. */
  queueOutgoing(body: Uint8Array, packet: Uint8Array | null, offset: number, length: number): OutgoingCommand {
    const command = body[0] as number;
    const channelID = body[1] as number;
    const outgoing: OutgoingCommand = {
      body,
      command,
      channelID,
      reliableSequenceNumber: 0,
      unreliableSequenceNumber: 0,
      sentTime: 0,
      roundTripTimeout: 0,
      roundTripTimeoutLimit: 0,
      resendTimeout: 0,
      sendAttempts: 0,
      fragmentOffset: offset,
      fragmentLength: length,
      packet,
    };
    this.outgoingDataTotal += body.length + length;
    if (packet !== null && offset === 0) this.outgoingPacketBytes += packet.length;
    const channel = this.channels[channelID];
    if (channelID === 0xff || channel === undefined) {
      this.outgoingReliableSequenceNumber = (this.outgoingReliableSequenceNumber + 1) & 0xffff;
      outgoing.reliableSequenceNumber = this.outgoingReliableSequenceNumber;
    } else if (command & P.FLAG_ACKNOWLEDGE) {
      channel.outgoingReliableSequenceNumber = (channel.outgoingReliableSequenceNumber + 1) & 0xffff;
      channel.outgoingUnreliableSequenceNumber = 0;
      outgoing.reliableSequenceNumber = channel.outgoingReliableSequenceNumber;
    } else if (command & P.FLAG_UNSEQUENCED) {
      this.outgoingUnsequencedGroup = (this.outgoingUnsequencedGroup + 1) & 0xffff;
    } else {
      if (offset === 0) channel.outgoingUnreliableSequenceNumber = (channel.outgoingUnreliableSequenceNumber + 1) & 0xffff;
      outgoing.reliableSequenceNumber = channel.outgoingReliableSequenceNumber;
      outgoing.unreliableSequenceNumber = channel.outgoingUnreliableSequenceNumber;
    }
    setUint16(body, 2, outgoing.reliableSequenceNumber);
    const number = command & P.COMMAND_MASK;
    if (number === P.COMMAND_SEND_UNRELIABLE) setUint16(body, 4, outgoing.unreliableSequenceNumber);
    else if (number === P.COMMAND_SEND_UNSEQUENCED) setUint16(body, 4, this.outgoingUnsequencedGroup);
    this.outgoingCommands.push(outgoing);
    if (outsideReliableWindow(outgoing)) this.outgoingOthers++;
    return outgoing;
  }

  /** `enet_peer_queue_acknowledgement`; `false` when the command is outside the window ENet acknowledges. */
  queueAcknowledgement(command: number, channelID: number, reliableSequenceNumber: number, sentTime: number): boolean {
    const channel = this.channels[channelID];
    if (channel !== undefined) {
      let reliableWindow = Math.floor(reliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
      const currentWindow = Math.floor(channel.incomingReliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
      if (reliableSequenceNumber < channel.incomingReliableSequenceNumber) reliableWindow += P.PEER_RELIABLE_WINDOWS;
      if (reliableWindow >= currentWindow + P.PEER_FREE_RELIABLE_WINDOWS - 1 && reliableWindow <= currentWindow + P.PEER_FREE_RELIABLE_WINDOWS) return false;
    }
    this.outgoingDataTotal += P.COMMAND_SIZES[P.COMMAND_ACKNOWLEDGE]!;
    this.acknowledgements.push({ channelID, reliableSequenceNumber, command, sentTime });
    return true;
  }

  /** Whether `reliableSequenceNumber` is outside the free reliable windows of `channel` (ENet discards such commands). */
  static outsideWindow(channel: EnetChannel, reliableSequenceNumber: number): boolean {
    let reliableWindow = Math.floor(reliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
    const currentWindow = Math.floor(channel.incomingReliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
    if (reliableSequenceNumber < channel.incomingReliableSequenceNumber) reliableWindow += P.PEER_RELIABLE_WINDOWS;
    return reliableWindow < currentWindow || reliableWindow >= currentWindow + P.PEER_FREE_RELIABLE_WINDOWS - 1;
  }

  /** The set-up of a connection's channels (`enet_host_connect`, `enet_protocol_handle_connect`). */
  openChannels(count: number): void {
    this.channels = Array.from({ length: count }, () => new EnetChannel());
  }

  /** `enet_peer_reset_queues`. */
  resetQueues(): void {
    // Emptied in place: a new `[]` starts as an array of small integers to V8, and the first
    // command pushed on it would deoptimise every function that queues, on each new connection.
    this.acknowledgements.length = 0;
    this.sentReliableCommands.length = 0;
    this.outgoingCommands.length = 0;
    this.outgoingOthers = 0;
    this.outgoingPacketBytes = 0;
    this.channels = [];
  }

  /** Keeps {@link PeerState.ended} for the connection ending now. */
  rememberEnd(now: number): void {
    const { address, port, incomingSessionID, outgoingPeerID, outgoingSessionID, connectID } = this;
    this.ended = { address, port, incomingSessionID, outgoingPeerID, outgoingSessionID, connectID, until: now + this.timeoutMaximum, lastSendTime: 0 };
  }

  /** `enet_peer_on_connect`. */
  onConnect(): void {
    if (this.state !== S.Connected && this.state !== S.DisconnectLater) {
      if (this.incomingBandwidth !== 0) this.host.bandwidthLimitedPeers++;
      this.host.connectedPeers++;
    }
  }

  /** `enet_peer_on_disconnect`. */
  onDisconnect(): void {
    if (this.state === S.Connected || this.state === S.DisconnectLater) {
      if (this.incomingBandwidth !== 0) this.host.bandwidthLimitedPeers--;
      this.host.connectedPeers--;
    }
  }

  /** `enet_peer_reset`: back to a free slot, without telling the peer. */
  reset(): void {
    this.onDisconnect();
    this.generation++;
    this.outgoingPeerID = P.MAXIMUM_PEER_ID;
    this.connectID = 0;
    this.state = S.Disconnected;
    this.incomingBandwidth = this.outgoingBandwidth = 0;
    this.incomingBandwidthThrottleEpoch = this.outgoingBandwidthThrottleEpoch = 0;
    this.incomingDataTotal = this.outgoingDataTotal = 0;
    this.lastSendTime = this.lastReceiveTime = this.nextTimeout = this.earliestTimeout = 0;
    this.packetLossEpoch = this.packetsSent = this.packetsLost = this.packetLoss = this.packetLossVariance = 0;
    this.packetThrottle = P.PEER_DEFAULT_PACKET_THROTTLE;
    this.packetThrottleLimit = P.PEER_PACKET_THROTTLE_SCALE;
    this.packetThrottleCounter = this.packetThrottleEpoch = 0;
    this.packetThrottleAcceleration = P.PEER_PACKET_THROTTLE_ACCELERATION;
    this.packetThrottleDeceleration = P.PEER_PACKET_THROTTLE_DECELERATION;
    this.packetThrottleInterval = P.PEER_PACKET_THROTTLE_INTERVAL;
    this.pingInterval = P.PEER_PING_INTERVAL;
    this.timeoutLimit = P.PEER_TIMEOUT_LIMIT;
    this.timeoutMinimum = P.PEER_TIMEOUT_MINIMUM;
    this.timeoutMaximum = P.PEER_TIMEOUT_MAXIMUM;
    this.lastRoundTripTime = this.lowestRoundTripTime = this.roundTripTime = P.PEER_DEFAULT_ROUND_TRIP_TIME;
    this.lastRoundTripTimeVariance = this.highestRoundTripTimeVariance = this.roundTripTimeVariance = 0;
    this.mtu = this.host.mtu;
    this.reliableDataInTransit = 0;
    this.outgoingReliableSequenceNumber = 0;
    this.windowSize = P.MAXIMUM_WINDOW_SIZE;
    this.incomingUnsequencedGroup = this.outgoingUnsequencedGroup = 0;
    this.eventData = 0;
    this.totalWaitingData = 0;
    this.unsequencedWindow.fill(0);
    this.resetQueues();
  }

  /** `enet_peer_ping`. */
  ping(): void {
    if (this.state !== S.Connected) return;
    this.queueOutgoing(commandBody(P.COMMAND_PING | P.FLAG_ACKNOWLEDGE, 0xff).body, null, 0, 0);
  }

  /** `enet_peer_disconnect_now`: tells the peer once, unreliably, and resets; no event. */
  disconnectNow(data: number): void {
    if (this.state === S.Disconnected) return;
    if (this.state !== S.Zombie && this.state !== S.Disconnecting) {
      this.resetQueues();
      this.queueOutgoing(wordsBody(P.COMMAND_DISCONNECT | P.FLAG_UNSEQUENCED, [data]), null, 0, 0);
      this.host.flush();
    }
    this.reset();
  }

  /** `enet_peer_disconnect`: a reliable DISCONNECT; the disconnect event comes when it is acknowledged. */
  disconnect(data: number): void {
    const state = this.state;
    if (state === S.Disconnecting || state === S.Disconnected || state === S.AcknowledgingDisconnect || state === S.Zombie) return;
    this.resetQueues();
    const connected = state === S.Connected || state === S.DisconnectLater;
    this.queueOutgoing(wordsBody(P.COMMAND_DISCONNECT | (connected ? P.FLAG_ACKNOWLEDGE : P.FLAG_UNSEQUENCED), [data]), null, 0, 0);
    if (connected) {
      this.onDisconnect();
      this.state = S.Disconnecting;
    } else {
      this.host.flush();
      this.reset();
    }
  }

  /** `enet_peer_disconnect_later`: disconnects once everything queued has been sent and acknowledged. */
  disconnectLater(data: number): void {
    if ((this.state === S.Connected || this.state === S.DisconnectLater) && !(this.outgoingCommands.length === 0 && this.sentReliableCommands.length === 0)) {
      this.state = S.DisconnectLater;
      this.eventData = data;
    } else {
      this.disconnect(data);
    }
  }
}

/** Writes `value` big-endian at `at` (without a DataView, which would give a small array an ArrayBuffer of its own). */
function setUint16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 8) & 0xff;
  bytes[at + 1] = value & 0xff;
}
