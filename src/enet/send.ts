import { outsideReliableWindow, wordsBody, type OutgoingCommand } from './commands.js';
import { enetCrc32 } from './crc32.js';
import { EnetPeerState as S } from './EnetPeerState.js';
import type { HostProtocol } from './HostProtocol.js';
import type { EndedConnection, PeerState } from './PeerState.js';
import * as P from './protocol.js';

/**
 * The sending half of ENet's `protocol.c` (`enet_protocol_send_outgoing_commands` with the
 * acknowledgements, time-outs and outgoing commands it packs into one datagram per peer) and
 * `enet_host_bandwidth_throttle` from `host.c`.
 *
 * @internal
 * @module
 */

/** ENet's scatter buffers per datagram: the header, then a command and its data for each command. */
const BUFFER_MAXIMUM = 1 + 2 * P.MAXIMUM_PACKET_COMMANDS;

/** Where the commands start in {@link Datagram.bytes}: room for the longest header (peer id, sent time, checksum). */
const COMMANDS_AT = 8;

/**
 * One datagram being packed for a peer: its commands are written straight into one buffer
 * (reused from datagram to datagram), and {@link transmit} copies them out once behind the header.
 */
class Datagram {
  headerFlags = 0;
  commandCount = 0;
  bufferCount = 1;
  packetSize = P.PROTOCOL_HEADER_SIZE;
  sentUnreliable = false;
  /** One past the last byte written. */
  end = COMMANDS_AT;
  bytes = new Uint8Array(COMMANDS_AT + P.MAXIMUM_MTU);

  /** Empties it for the next datagram. */
  reset(): void {
    this.headerFlags = 0;
    this.commandCount = 0;
    this.bufferCount = 1;
    this.packetSize = P.PROTOCOL_HEADER_SIZE;
    this.sentUnreliable = false;
    this.end = COMMANDS_AT;
  }

  /** Room for `count` more bytes (the size checks keep a datagram within the MTU; this only guards the buffer). */
  #reserve(count: number): number {
    const at = this.end;
    if (at + count > this.bytes.length) {
      const bigger = new Uint8Array(2 * (at + count));
      bigger.set(this.bytes.subarray(0, at));
      this.bytes = bigger;
    }
    this.end = at + count;
    this.packetSize += count;
    return at;
  }

  /** Adds a command struct, and the `length` bytes at `offset` of `packet` after it when it carries data. */
  add(body: Uint8Array, packet: Uint8Array | null, offset: number, length: number): void {
    const bytes = this.bytes;
    let at = this.#reserve(body.length);
    for (let i = 0; i < body.length; i++) bytes[at + i] = body[i] as number;
    this.bufferCount++;
    if (packet !== null) {
      at = this.#reserve(length);
      // A byte loop for small payloads: as fast as `set`, without the view it needs.
      if (length > 64) this.bytes.set(packet.subarray(offset, offset + length), at);
      else for (let i = 0; i < length; i++) this.bytes[at + i] = packet[offset + i] as number;
      this.bufferCount++;
    }
    this.commandCount++;
  }

  /** Adds an ACKNOWLEDGE of `reliableSequenceNumber` on `channelID`, sent at `sentTime`. */
  addAcknowledgement(channelID: number, reliableSequenceNumber: number, sentTime: number): void {
    const at = this.#reserve(P.COMMAND_SIZES[P.COMMAND_ACKNOWLEDGE] as number);
    const bytes = this.bytes;
    bytes[at] = P.COMMAND_ACKNOWLEDGE;
    bytes[at + 1] = channelID;
    bytes[at + 2] = bytes[at + 4] = (reliableSequenceNumber >>> 8) & 0xff;
    bytes[at + 3] = bytes[at + 5] = reliableSequenceNumber & 0xff;
    bytes[at + 6] = (sentTime >>> 8) & 0xff;
    bytes[at + 7] = sentTime & 0xff;
    this.bufferCount++;
    this.commandCount++;
  }
}

/** The datagram buffer not in use (sending is synchronous, so one is enough unless a send starts another). */
let spare: Datagram | null = null;

/** `enet_protocol_send_outgoing_commands`. */
export function sendOutgoingCommands(h: HostProtocol, checkForTimeouts: boolean): void {
  h.continueSending = true;
  while (h.continueSending) {
    h.continueSending = false;
    for (const peer of h.peers) {
      if (peer.state === S.Disconnected || peer.state === S.Zombie) continue;
      sendToPeer(h, peer, checkForTimeouts);
    }
  }
}

function sendToPeer(h: HostProtocol, peer: PeerState, checkForTimeouts: boolean): void {
  // Nothing to acknowledge, send, resend or ping: the steps below would send nothing (no allocation on idle steps).
  if (peer.acknowledgements.length === 0 && peer.outgoingCommands.length === 0) {
    if (peer.sentReliableCommands.length > 0 ? !checkForTimeouts || h.serviceTime < peer.nextTimeout : P.timeDifference(h.serviceTime, peer.lastReceiveTime) < peer.pingInterval) return;
  }
  const datagram = spare ?? new Datagram();
  spare = null;
  datagram.reset();
  try {
    packAndSend(h, peer, checkForTimeouts, datagram);
  } finally {
    spare = datagram;
  }
}

function packAndSend(h: HostProtocol, peer: PeerState, checkForTimeouts: boolean, datagram: Datagram): void {
  if (peer.acknowledgements.length > 0) sendAcknowledgements(h, peer, datagram);
  if (checkForTimeouts && peer.sentReliableCommands.length > 0 && h.serviceTime >= peer.nextTimeout && checkTimeouts(h, peer)) return;
  if ((peer.outgoingCommands.length === 0 || checkOutgoingCommands(h, peer, datagram)) && peer.sentReliableCommands.length === 0 &&
      P.timeDifference(h.serviceTime, peer.lastReceiveTime) >= peer.pingInterval && peer.mtu - datagram.packetSize >= P.COMMAND_SIZES[P.COMMAND_PING]!) {
    peer.ping();
    checkOutgoingCommands(h, peer, datagram);
  }
  if (datagram.commandCount === 0) return;
  if (peer.packetLossEpoch === 0) peer.packetLossEpoch = h.serviceTime;
  else if (P.timeDifference(h.serviceTime, peer.packetLossEpoch) >= P.PEER_PACKET_LOSS_INTERVAL && peer.packetsSent > 0) {
    const packetLoss = Math.floor((peer.packetsLost * P.PEER_PACKET_LOSS_SCALE) / peer.packetsSent);
    peer.packetLossVariance = Math.floor((peer.packetLossVariance * 3 + Math.abs(packetLoss - peer.packetLoss)) / 4);
    peer.packetLoss = Math.floor((peer.packetLoss * 7 + packetLoss) / 8);
    peer.packetLossEpoch = h.serviceTime;
    peer.packetsSent = 0;
    peer.packetsLost = 0;
  }
  transmit(h, peer, datagram);
  if (peer.state === S.DisconnectLater && peer.outgoingCommands.length === 0 && peer.sentReliableCommands.length === 0) peer.disconnect(peer.eventData);
}

/** Sends one ACKNOWLEDGE to a connection that has ended (see `reacknowledgeDisconnect` in `receive.ts`). */
export function acknowledgeAgain(h: HostProtocol, to: EndedConnection, channelID: number, reliableSequenceNumber: number, sentTime: number): void {
  const datagram = new Datagram();
  datagram.addAcknowledgement(channelID, reliableSequenceNumber, sentTime);
  transmit(h, to, datagram);
}

/** Writes the header (peer id, flags, session, sent time, checksum) and hands the datagram over. */
function transmit(h: HostProtocol, peer: PeerState | EndedConnection, datagram: Datagram): void {
  const sentTime = (datagram.headerFlags & P.HEADER_FLAG_SENT_TIME) !== 0;
  const headerSize = (sentTime ? 4 : 2) + (h.checksum ? 4 : 0);
  const length = datagram.end - COMMANDS_AT;
  const bytes = new Uint8Array(headerSize + length);
  const view = new DataView(bytes.buffer);
  let flags = datagram.headerFlags;
  if (peer.outgoingPeerID < P.MAXIMUM_PEER_ID) flags |= peer.outgoingSessionID << P.HEADER_SESSION_SHIFT;
  view.setUint16(0, (peer.outgoingPeerID | flags) & 0xffff);
  if (sentTime) view.setUint16(2, h.serviceTime & 0xffff);
  bytes.set(datagram.bytes.subarray(COMMANDS_AT, datagram.end), headerSize);
  if (h.checksum) {
    view.setUint32(headerSize - 4, peer.outgoingPeerID < P.MAXIMUM_PEER_ID ? peer.connectID : 0);
    view.setUint32(headerSize - 4, enetCrc32(bytes));
  }
  peer.lastSendTime = h.serviceTime;
  h.totalSentData += bytes.length;
  h.totalSentPackets++;
  h.sink.transmit(bytes, peer.address, peer.port);
}

/** `enet_protocol_send_acknowledgements`. */
function sendAcknowledgements(h: HostProtocol, peer: PeerState, datagram: Datagram): void {
  let taken = 0;
  for (const acknowledgement of peer.acknowledgements) {
    if (datagram.commandCount >= P.MAXIMUM_PACKET_COMMANDS || datagram.bufferCount >= BUFFER_MAXIMUM || peer.mtu - datagram.packetSize < P.COMMAND_SIZES[P.COMMAND_ACKNOWLEDGE]!) {
      h.continueSending = true;
      break;
    }
    datagram.addAcknowledgement(acknowledgement.channelID, acknowledgement.reliableSequenceNumber, acknowledgement.sentTime);
    if ((acknowledgement.command & P.COMMAND_MASK) === P.COMMAND_DISCONNECT) h.dispatchZombie(peer);
    taken++;
  }
  peer.acknowledgements.splice(0, taken);
}

/** `enet_protocol_check_timeouts`: resends what was not acknowledged in time; `true` when the peer timed out. */
function checkTimeouts(h: HostProtocol, peer: PeerState): boolean {
  const sent = peer.sentReliableCommands;
  const kept: OutgoingCommand[] = [];
  const resend: OutgoingCommand[] = [];
  for (let i = 0; i < sent.length; i++) {
    const command = sent[i]!;
    if (P.timeDifference(h.serviceTime, command.sentTime) < command.resendTimeout) {
      kept.push(command);
      continue;
    }
    if (peer.earliestTimeout === 0 || command.sentTime < peer.earliestTimeout) peer.earliestTimeout = command.sentTime;
    const waited = P.timeDifference(h.serviceTime, peer.earliestTimeout);
    if (peer.earliestTimeout !== 0 && (waited >= peer.timeoutMaximum || (command.roundTripTimeout >= command.roundTripTimeoutLimit && waited >= peer.timeoutMinimum))) {
      h.notifyDisconnect(peer);
      return true;
    }
    if (command.packet !== null) peer.reliableDataInTransit -= command.fragmentLength;
    peer.packetsLost++;
    command.roundTripTimeout *= 2;
    // ENet doubles the time-out the command got at its first send; when that came from a stale
    // estimate (the 500 ms ENet starts from, before the first acknowledgement), a command lost a few
    // times waits seconds while the link answers in milliseconds. It is resent after the current
    // estimate doubled as often instead, never later than ENet would; the time-out decision above
    // still reads ENet's doubled value, so a peer is dropped within ENet's limits.
    command.resendTimeout = Math.min(command.roundTripTimeout, (peer.roundTripTime + 4 * peer.roundTripTimeVariance) * 2 ** command.sendAttempts);
    resend.push(command);
    const next = sent[i + 1];
    if (kept.length === 0 && next !== undefined) peer.nextTimeout = next.sentTime + next.resendTimeout;
  }
  peer.sentReliableCommands = kept;
  if (resend.length > 0) {
    for (const command of resend) if (outsideReliableWindow(command)) peer.outgoingOthers++;
    peer.outgoingCommands = resend.concat(peer.outgoingCommands);
  }
  return false;
}

/** Whether a reliable command would start a window still in use (ENet's `windowWrap` test). */
function wraps(peer: PeerState, command: OutgoingCommand, window: number): boolean {
  const channel = peer.channels[command.channelID]!;
  if (command.sendAttempts >= 1 || command.reliableSequenceNumber % P.PEER_RELIABLE_WINDOW_SIZE !== 0) return false;
  const mask = (1 << (P.PEER_FREE_RELIABLE_WINDOWS + 2)) - 1;
  return (channel.reliableWindows[(window + P.PEER_RELIABLE_WINDOWS - 1) % P.PEER_RELIABLE_WINDOWS] as number) >= P.PEER_RELIABLE_WINDOW_SIZE ||
    (channel.usedReliableWindows & (((mask << window) | (mask >> (P.PEER_RELIABLE_WINDOWS - window))) & 0xffff)) !== 0;
}

/** `enet_protocol_check_outgoing_commands`: packs queued commands while they fit; `true` when a ping may be sent. */
function checkOutgoingCommands(h: HostProtocol, peer: PeerState, datagram: Datagram): boolean {
  const list = peer.outgoingCommands;
  // Commands kept are moved down in place (`kept` of them so far, all before `i`): no new list per datagram.
  let kept = 0;
  // Commands from `i` on that the window does not hold back (see `PeerState.outgoingOthers`).
  let othersAhead = peer.outgoingOthers;
  let windowExceeded = false;
  let windowWrap = false;
  let canPing = true;
  let i = 0;
  while (i < list.length) {
    // Past the window, every reliable packet waits: when nothing else is left, the rest waits whole.
    if (windowExceeded && othersAhead === 0) break;
    const command = list[i]!;
    const reliable = (command.command & P.FLAG_ACKNOWLEDGE) !== 0;
    if (outsideReliableWindow(command)) othersAhead--;
    const channel = reliable && command.channelID < peer.channels.length ? peer.channels[command.channelID]! : null;
    const window = Math.floor(command.reliableSequenceNumber / P.PEER_RELIABLE_WINDOW_SIZE);
    if (reliable) {
      if (channel !== null) {
        if (!windowWrap && wraps(peer, command, window)) windowWrap = true;
        if (windowWrap) {
          list[kept++] = command;
          i++;
          continue;
        }
      }
      if (command.packet !== null) {
        const windowSize = Math.floor((peer.packetThrottle * peer.windowSize) / P.PEER_PACKET_THROTTLE_SCALE);
        if (!windowExceeded && peer.reliableDataInTransit + command.fragmentLength > Math.max(windowSize, peer.mtu)) windowExceeded = true;
        if (windowExceeded) {
          list[kept++] = command;
          i++;
          continue;
        }
      }
      canPing = false;
    }
    const commandSize = command.body.length;
    const room = peer.mtu - datagram.packetSize;
    if (datagram.commandCount >= P.MAXIMUM_PACKET_COMMANDS || datagram.bufferCount + 1 >= BUFFER_MAXIMUM || room < commandSize ||
        (command.packet !== null && (room & 0xffff) < ((commandSize + command.fragmentLength) & 0xffff))) {
      h.continueSending = true;
      break;
    }
    i++;
    if (outsideReliableWindow(command)) peer.outgoingOthers--;
    if (reliable) {
      if (channel !== null && command.sendAttempts < 1) {
        channel.usedReliableWindows |= 1 << window;
        channel.reliableWindows[window] = (channel.reliableWindows[window] as number) + 1;
      }
      command.sendAttempts++;
      if (command.roundTripTimeout === 0) {
        command.roundTripTimeout = peer.roundTripTime + 4 * peer.roundTripTimeVariance;
        command.roundTripTimeoutLimit = peer.timeoutLimit * command.roundTripTimeout;
        command.resendTimeout = command.roundTripTimeout;
      }
      if (peer.sentReliableCommands.length === 0) peer.nextTimeout = h.serviceTime + command.resendTimeout;
      peer.sentReliableCommands.push(command);
      command.sentTime = h.serviceTime;
      datagram.headerFlags |= P.HEADER_FLAG_SENT_TIME;
      peer.reliableDataInTransit += command.fragmentLength;
    } else {
      if (command.packet !== null && command.fragmentOffset === 0) {
        peer.packetThrottleCounter = (peer.packetThrottleCounter + P.PEER_PACKET_THROTTLE_COUNTER) % P.PEER_PACKET_THROTTLE_SCALE;
        if (peer.packetThrottleCounter > peer.packetThrottle) {
          // The throttle drops this unreliable packet, with all its fragments.
          peer.outgoingPacketBytes -= command.fragmentLength;
          while (i < list.length && list[i]!.reliableSequenceNumber === command.reliableSequenceNumber && list[i]!.unreliableSequenceNumber === command.unreliableSequenceNumber) {
            peer.outgoingPacketBytes -= list[i]!.fragmentLength;
            if (outsideReliableWindow(list[i]!)) {
              peer.outgoingOthers--;
              othersAhead--;
            }
            i++;
          }
          continue;
        }
      }
      if (command.packet !== null) {
        peer.outgoingPacketBytes -= command.fragmentLength;
        datagram.sentUnreliable = true;
      }
    }
    datagram.add(command.body, command.packet, command.fragmentOffset, command.fragmentLength);
    peer.packetsSent++;
  }
  // Drops the commands sent (V8 trims the front of a long array in place when `kept` is 0).
  if (kept < i) list.splice(kept, i - kept);
  if (peer.state === S.DisconnectLater && peer.outgoingCommands.length === 0 && peer.sentReliableCommands.length === 0 && !datagram.sentUnreliable) {
    peer.disconnect(peer.eventData);
  }
  return canPing;
}

/** `enet_host_bandwidth_throttle`: shares the host's bandwidth between its peers and tells them their limits. */
export function bandwidthThrottle(h: HostProtocol): void {
  const timeCurrent = h.serviceTime;
  const elapsedTime = timeCurrent - h.bandwidthThrottleEpoch;
  let peersRemaining = h.connectedPeers;
  let dataTotal = Infinity;
  let bandwidth = Infinity;
  let needsAdjustment = h.bandwidthLimitedPeers > 0;
  if (elapsedTime < P.HOST_BANDWIDTH_THROTTLE_INTERVAL) return;
  h.bandwidthThrottleEpoch = timeCurrent;
  if (peersRemaining === 0) return;
  const live = h.peers.filter((peer) => peer.state === S.Connected || peer.state === S.DisconnectLater);
  if (h.outgoingBandwidth !== 0) {
    bandwidth = Math.floor((h.outgoingBandwidth * elapsedTime) / 1000);
    dataTotal = live.reduce((sum, peer) => sum + peer.outgoingDataTotal, 0);
  }
  const throttleOf = (): number => (dataTotal <= bandwidth ? P.PEER_PACKET_THROTTLE_SCALE : Math.floor((bandwidth * P.PEER_PACKET_THROTTLE_SCALE) / dataTotal));
  while (peersRemaining > 0 && needsAdjustment) {
    needsAdjustment = false;
    const throttle = throttleOf();
    for (const peer of live) {
      if (peer.incomingBandwidth === 0 || peer.outgoingBandwidthThrottleEpoch === timeCurrent) continue;
      const peerBandwidth = Math.floor((peer.incomingBandwidth * elapsedTime) / 1000);
      if (Math.floor((throttle * peer.outgoingDataTotal) / P.PEER_PACKET_THROTTLE_SCALE) <= peerBandwidth) continue;
      peer.packetThrottleLimit = Math.max(1, Math.floor((peerBandwidth * P.PEER_PACKET_THROTTLE_SCALE) / peer.outgoingDataTotal));
      if (peer.packetThrottle > peer.packetThrottleLimit) peer.packetThrottle = peer.packetThrottleLimit;
      peer.outgoingBandwidthThrottleEpoch = timeCurrent;
      peer.incomingDataTotal = 0;
      peer.outgoingDataTotal = 0;
      needsAdjustment = true;
      peersRemaining--;
      bandwidth -= peerBandwidth;
      dataTotal -= peerBandwidth;
    }
  }
  if (peersRemaining > 0) {
    const throttle = throttleOf();
    for (const peer of live) {
      if (peer.outgoingBandwidthThrottleEpoch === timeCurrent) continue;
      peer.packetThrottleLimit = throttle;
      if (peer.packetThrottle > peer.packetThrottleLimit) peer.packetThrottle = peer.packetThrottleLimit;
      peer.incomingDataTotal = 0;
      peer.outgoingDataTotal = 0;
    }
  }
  if (h.recalculateBandwidthLimits) recalculateBandwidthLimits(h, live, timeCurrent);
}

/** The last part of `enet_host_bandwidth_throttle`: every connected peer is sent its BANDWIDTH_LIMIT. */
function recalculateBandwidthLimits(h: HostProtocol, live: PeerState[], timeCurrent: number): void {
  h.recalculateBandwidthLimits = false;
  let peersRemaining = h.connectedPeers;
  let bandwidth = h.incomingBandwidth;
  let needsAdjustment = true;
  let bandwidthLimit = 0;
  if (bandwidth !== 0) {
    while (peersRemaining > 0 && needsAdjustment) {
      needsAdjustment = false;
      bandwidthLimit = Math.floor(bandwidth / peersRemaining);
      for (const peer of live) {
        if (peer.incomingBandwidthThrottleEpoch === timeCurrent) continue;
        if (peer.outgoingBandwidth > 0 && peer.outgoingBandwidth >= bandwidthLimit) continue;
        peer.incomingBandwidthThrottleEpoch = timeCurrent;
        needsAdjustment = true;
        peersRemaining--;
        bandwidth -= peer.outgoingBandwidth;
      }
    }
  }
  for (const peer of live) {
    const incoming = peer.incomingBandwidthThrottleEpoch === timeCurrent ? peer.outgoingBandwidth : bandwidthLimit;
    peer.queueOutgoing(wordsBody(P.COMMAND_BANDWIDTH_LIMIT | P.FLAG_ACKNOWLEDGE, [incoming, h.outgoingBandwidth]), null, 0, 0);
  }
}
