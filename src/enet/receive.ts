import { connectBody, readConnect, readFragment } from './commands.js';
import { enetCrc32 } from './crc32.js';
import { EnetPeerState as S } from './EnetPeerState.js';
import type { HostProtocol } from './HostProtocol.js';
import { dispatchReliable, dispatchUnreliable, queueIncoming } from './incoming.js';
import { type EndedConnection, PeerState } from './PeerState.js';
import { acknowledgeAgain } from './send.js';
import * as P from './protocol.js';
import { copyBytes } from '../core/copyBytes.js';

/**
 * The receiving half of ENet's `protocol.c`: `enet_protocol_handle_incoming_commands` and the
 * handler of each command, ported line by line. A datagram that does not parse, or comes from
 * the wrong address or session, is ignored whole; a command that fails stops the reading of the
 * rest of its datagram (ENet's `commandError`), and is not acknowledged, so its sender sends it again.
 *
 * @internal
 * @module
 */

/** One datagram being read: the bytes, a view on them, and the header's sent time. */
interface Datagram {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly address: string;
  readonly port: number;
}

/** Reads one datagram from `address`:`port`. */
export function handleDatagram(h: HostProtocol, received: Uint8Array, address: string, port: number): void {
  if (received.length < 2) return;
  const checksum = h.checksum;
  // The checksum is verified with the field overwritten: work on a copy (a duplicated datagram shares its bytes).
  const bytes = checksum ? copyBytes(received) : received;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = view.getUint16(0);
  const sessionID = (header & P.HEADER_SESSION_MASK) >> P.HEADER_SESSION_SHIFT;
  const flags = header & P.HEADER_FLAG_MASK;
  const peerID = header & ~(P.HEADER_FLAG_MASK | P.HEADER_SESSION_MASK);
  const headerSize = (flags & P.HEADER_FLAG_SENT_TIME ? 4 : 2) + (checksum ? 4 : 0);
  if (bytes.length < headerSize) return;
  let peer: PeerState | null = null;
  if (peerID !== P.MAXIMUM_PEER_ID) {
    peer = h.peers[peerID] ?? null;
    if (peer === null) return;
    if (peer.state === S.Disconnected || peer.state === S.Zombie) {
      if (peer.ended !== null && flags === P.HEADER_FLAG_SENT_TIME) reacknowledgeDisconnect(h, peer.ended, { bytes, view, address, port }, headerSize, sessionID);
      return;
    }
    if (peer.address !== address || peer.port !== port) return;
    if (peer.outgoingPeerID < P.MAXIMUM_PEER_ID && sessionID !== peer.incomingSessionID) return;
  }
  if (flags & P.HEADER_FLAG_COMPRESSED) return; // no compressor is set: ENet drops these too
  if (checksum && !checksumMatches(view, bytes, headerSize, peer !== null ? peer.connectID : 0)) return;
  if (peer !== null) peer.incomingDataTotal += bytes.length;
  const sentTime = flags & P.HEADER_FLAG_SENT_TIME ? view.getUint16(2) : -1;
  readCommands(h, { bytes, view, address, port }, headerSize, peer, sentTime);
}

/**
 * A DISCONNECT sent again to a slot whose connection ended when the first one arrived: its
 * acknowledgement was lost, and ENet, having freed the slot, would stay silent until the other side
 * times out (5 to 30 s by default, seconds of a game's shutdown or a test's run). Acknowledged
 * again, from the connection's own peer id and session, while the other side may still wait for it;
 * nothing else is answered, and the acknowledgement is smaller than the datagram it answers.
 */
function reacknowledgeDisconnect(h: HostProtocol, ended: EndedConnection, datagram: Datagram, headerSize: number, sessionID: number): void {
  const { bytes, view } = datagram;
  if (h.serviceTime > ended.until) return;
  if (ended.address !== datagram.address || ended.port !== datagram.port || sessionID !== ended.incomingSessionID) return;
  if (h.checksum && !checksumMatches(view, bytes, headerSize, ended.connectID)) return;
  // Commands without data (acknowledgements the other side still sends) until the DISCONNECT.
  for (let at = headerSize; at + P.COMMAND_HEADER_SIZE <= bytes.length;) {
    const number = (bytes[at] as number) & P.COMMAND_MASK;
    if (number !== P.COMMAND_ACKNOWLEDGE && number !== P.COMMAND_DISCONNECT && number !== P.COMMAND_PING) return;
    const size = P.COMMAND_SIZES[number] as number;
    if (at + size > bytes.length) return;
    if (bytes[at] === (P.COMMAND_DISCONNECT | P.FLAG_ACKNOWLEDGE)) {
      acknowledgeAgain(h, ended, bytes[at + 1] as number, view.getUint16(at + 2), view.getUint16(2));
      return;
    }
    at += size;
  }
}

/** ENet's CRC32 check: the field (the header's last four bytes) holds the connect id while it is computed. */
function checksumMatches(view: DataView, bytes: Uint8Array, headerSize: number, connectID: number): boolean {
  const at = headerSize - 4;
  const desired = view.getUint32(at);
  view.setUint32(at, connectID);
  return enetCrc32(bytes) === desired;
}

function readCommands(h: HostProtocol, datagram: Datagram, offset: number, first: PeerState | null, sentTime: number): void {
  const { bytes, view } = datagram;
  let peer = first;
  let at = offset;
  while (at < bytes.length) {
    if (at + P.COMMAND_HEADER_SIZE > bytes.length) break;
    const command = bytes[at] as number;
    const number = command & P.COMMAND_MASK;
    if (number >= P.COMMAND_COUNT) break;
    const size = P.COMMAND_SIZES[number] as number;
    if (size === 0 || at + size > bytes.length) break;
    const start = at;
    at += size;
    if (peer === null && number !== P.COMMAND_CONNECT) break;
    const channelID = bytes[start + 1] as number;
    const reliableSequenceNumber = view.getUint16(start + 2);
    if (number === P.COMMAND_CONNECT) {
      if (peer !== null) break;
      peer = handleConnect(h, datagram, start);
      if (peer === null) break;
    } else {
      const end = handleCommand(h, peer as PeerState, datagram, start, at);
      if (end < 0) break;
      at = end;
    }
    if (peer !== null && (command & P.FLAG_ACKNOWLEDGE) !== 0) {
      if (sentTime < 0) break;
      const state: S = peer.state;
      if (state === S.AcknowledgingDisconnect) {
        if (number === P.COMMAND_DISCONNECT) peer.queueAcknowledgement(command, channelID, reliableSequenceNumber, sentTime);
      } else if (state !== S.Disconnecting && state !== S.AcknowledgingConnect && state !== S.Disconnected && state !== S.Zombie) {
        peer.queueAcknowledgement(command, channelID, reliableSequenceNumber, sentTime);
      }
    }
  }
}

/** Runs one command (not CONNECT) for `peer`; returns where the next command starts, or -1 for ENet's `commandError`. */
function handleCommand(h: HostProtocol, peer: PeerState, datagram: Datagram, start: number, next: number): number {
  const { view } = datagram;
  const number = (datagram.bytes[start] as number) & P.COMMAND_MASK;
  const connected = peer.state === S.Connected || peer.state === S.DisconnectLater;
  switch (number) {
    case P.COMMAND_ACKNOWLEDGE:
      return h.handleAcknowledge(peer, view.getUint16(start + 2 + 2), view.getUint16(start + 6), datagram.bytes[start + 1] as number) ? next : -1;
    case P.COMMAND_VERIFY_CONNECT:
      return handleVerifyConnect(h, peer, view, start) ? next : -1;
    case P.COMMAND_DISCONNECT:
      h.handleDisconnect(peer, datagram.bytes[start] as number, view.getUint32(start + 4));
      return next;
    case P.COMMAND_PING:
      return connected ? next : -1;
    case P.COMMAND_BANDWIDTH_LIMIT:
      if (!connected) return -1;
      h.handleBandwidthLimit(peer, view.getUint32(start + 4), view.getUint32(start + 8));
      return next;
    case P.COMMAND_THROTTLE_CONFIGURE:
      if (!connected) return -1;
      peer.packetThrottleInterval = view.getUint32(start + 4);
      peer.packetThrottleAcceleration = view.getUint32(start + 8);
      peer.packetThrottleDeceleration = view.getUint32(start + 12);
      return next;
    case P.COMMAND_SEND_RELIABLE:
    case P.COMMAND_SEND_UNRELIABLE:
    case P.COMMAND_SEND_UNSEQUENCED:
      return handleSend(h, peer, datagram, start, next, number);
    case P.COMMAND_SEND_FRAGMENT:
    case P.COMMAND_SEND_UNRELIABLE_FRAGMENT:
      return handleFragment(h, peer, datagram, start, next, number);
    default:
      return -1;
  }
}

/** The checks every send handler starts with: the channel exists, the peer is connected, the data is there. */
function payloadEnd(h: HostProtocol, peer: PeerState, datagram: Datagram, start: number, next: number, dataLength: number): number {
  const channelID = datagram.bytes[start + 1] as number;
  if (channelID >= peer.channels.length || (peer.state !== S.Connected && peer.state !== S.DisconnectLater)) return -1;
  const end = next + dataLength;
  if (dataLength > h.maximumPacketSize || end > datagram.bytes.length) return -1;
  return end;
}

/** `enet_protocol_handle_send_reliable`, `…_unreliable`, `…_unsequenced`. */
function handleSend(h: HostProtocol, peer: PeerState, datagram: Datagram, start: number, next: number, number: number): number {
  const { bytes, view } = datagram;
  const dataLength = view.getUint16(next - 2);
  const end = payloadEnd(h, peer, datagram, start, next, dataLength);
  if (end < 0) return -1;
  const received = {
    command: bytes[start] as number,
    channelID: bytes[start + 1] as number,
    reliableSequenceNumber: view.getUint16(start + 2),
    unreliableSequenceNumber: number === P.COMMAND_SEND_UNRELIABLE ? view.getUint16(start + 4) : 0,
  };
  const data = bytes.subarray(next, end);
  if (number !== P.COMMAND_SEND_UNSEQUENCED) return queueIncoming(peer, received, data, dataLength, 0) === null ? -1 : end;
  let group = view.getUint16(start + 4);
  const index = group % P.PEER_UNSEQUENCED_WINDOW_SIZE;
  if (group < peer.incomingUnsequencedGroup) group += 0x10000;
  if (group >= peer.incomingUnsequencedGroup + P.PEER_FREE_UNSEQUENCED_WINDOWS * P.PEER_UNSEQUENCED_WINDOW_SIZE) return end;
  group &= 0xffff;
  const window = peer.unsequencedWindow;
  if (group - index !== peer.incomingUnsequencedGroup) {
    peer.incomingUnsequencedGroup = group - index;
    window.fill(0);
  } else if ((window[index >>> 5] as number) & (1 << (index & 31))) return end;
  if (queueIncoming(peer, received, data, dataLength, 0) === null) return -1;
  window[index >>> 5] = (window[index >>> 5] as number) | (1 << (index & 31));
  return end;
}

/** `enet_protocol_handle_send_fragment` and `…_send_unreliable_fragment`. */
function handleFragment(h: HostProtocol, peer: PeerState, datagram: Datagram, start: number, next: number, number: number): number {
  const { bytes, view } = datagram;
  const f = readFragment(view, start);
  const end = payloadEnd(h, peer, datagram, start, next, f.dataLength);
  if (end < 0) return -1;
  const reliable = number === P.COMMAND_SEND_FRAGMENT;
  const channel = peer.channels[bytes[start + 1] as number]!;
  const sequence = reliable ? f.startSequenceNumber : view.getUint16(start + 2);
  if (PeerState.outsideWindow(channel, sequence)) return end;
  if (!reliable && sequence === channel.incomingReliableSequenceNumber && f.startSequenceNumber <= channel.incomingUnreliableSequenceNumber) return end;
  // ENet's checks, and one more: a fragment count above the total length (every fragment carries a byte) is a lie.
  if (f.fragmentCount > P.MAXIMUM_FRAGMENT_COUNT || f.fragmentNumber >= f.fragmentCount || f.totalLength > h.maximumPacketSize ||
      f.fragmentOffset >= f.totalLength || f.dataLength > f.totalLength - f.fragmentOffset || f.fragmentCount > f.totalLength) return -1;
  const list = reliable ? channel.incomingReliableCommands : channel.incomingUnreliableCommands;
  let startCommand = null;
  for (let i = list.length - 1; i >= 0; i--) {
    const other = list[i]!;
    if (sequence >= channel.incomingReliableSequenceNumber) {
      if (other.reliableSequenceNumber < channel.incomingReliableSequenceNumber) continue;
    } else if (other.reliableSequenceNumber >= channel.incomingReliableSequenceNumber) break;
    if (reliable) {
      if (other.reliableSequenceNumber > f.startSequenceNumber) continue;
      if (other.reliableSequenceNumber < f.startSequenceNumber) break;
    } else {
      if (other.reliableSequenceNumber < sequence) break;
      if (other.reliableSequenceNumber > sequence || other.unreliableSequenceNumber > f.startSequenceNumber) continue;
      if (other.unreliableSequenceNumber < f.startSequenceNumber) break;
    }
    const expected = reliable ? P.COMMAND_SEND_FRAGMENT : P.COMMAND_SEND_UNRELIABLE_FRAGMENT;
    if ((other.command & P.COMMAND_MASK) !== expected || f.totalLength !== other.length || f.fragmentCount !== other.fragmentCount) return -1;
    startCommand = other;
    break;
  }
  if (startCommand === null) {
    const received = { command: bytes[start] as number, channelID: bytes[start + 1] as number, reliableSequenceNumber: sequence, unreliableSequenceNumber: f.startSequenceNumber };
    const queued = queueIncoming(peer, received, null, f.totalLength, f.fragmentCount);
    if (queued === null || queued === 'discarded') return -1;
    startCommand = queued;
  }
  const assembly = startCommand.assembly!;
  if (assembly.add(f.fragmentNumber, f.fragmentOffset, bytes.subarray(next, next + f.dataLength))) {
    startCommand.fragmentsRemaining--;
    if (startCommand.fragmentsRemaining <= 0) {
      startCommand.data = assembly.bytes();
      if (reliable) dispatchReliable(peer, channel, null);
      else dispatchUnreliable(peer, channel, null);
    }
  }
  return end;
}

/** `enet_protocol_handle_connect`: a free slot answers with VERIFY_CONNECT; `null` refuses (no answer at all). */
function handleConnect(h: HostProtocol, datagram: Datagram, start: number): PeerState | null {
  const c = readConnect(datagram.view, start, true);
  let channelCount = c.channelCount;
  if (channelCount < P.MINIMUM_CHANNEL_COUNT || channelCount > P.MAXIMUM_CHANNEL_COUNT) return null;
  let peer: PeerState | null = null;
  let duplicatePeers = 0;
  for (const current of h.peers) {
    if (current.state === S.Disconnected) {
      peer ??= current;
    } else if (current.state !== S.Connecting && current.address === datagram.address) {
      if (current.port === datagram.port && current.connectID === c.connectID) return null;
      duplicatePeers++;
    }
  }
  if (peer === null || duplicatePeers >= h.duplicatePeers) return null;
  if (!h.admits(datagram.address, datagram.port)) return null;
  channelCount = Math.min(channelCount, h.channelLimit);
  peer.openChannels(channelCount);
  peer.state = S.AcknowledgingConnect;
  peer.connectID = c.connectID;
  peer.address = datagram.address;
  peer.port = datagram.port;
  peer.outgoingPeerID = c.outgoingPeerID;
  peer.incomingBandwidth = c.incomingBandwidth;
  peer.outgoingBandwidth = c.outgoingBandwidth;
  peer.packetThrottleInterval = c.packetThrottleInterval;
  peer.packetThrottleAcceleration = c.packetThrottleAcceleration;
  peer.packetThrottleDeceleration = c.packetThrottleDeceleration;
  peer.eventData = c.data;
  const sessions = P.HEADER_SESSION_MASK >> P.HEADER_SESSION_SHIFT;
  let incomingSessionID = c.incomingSessionID === 0xff ? peer.outgoingSessionID : c.incomingSessionID;
  incomingSessionID = (incomingSessionID + 1) & sessions;
  if (incomingSessionID === peer.outgoingSessionID) incomingSessionID = (incomingSessionID + 1) & sessions;
  peer.outgoingSessionID = incomingSessionID;
  let outgoingSessionID = c.outgoingSessionID === 0xff ? peer.incomingSessionID : c.outgoingSessionID;
  outgoingSessionID = (outgoingSessionID + 1) & sessions;
  if (outgoingSessionID === peer.incomingSessionID) outgoingSessionID = (outgoingSessionID + 1) & sessions;
  peer.incomingSessionID = outgoingSessionID;
  peer.mtu = Math.min(h.mtu, P.clamp(c.mtu, P.MINIMUM_MTU, P.MAXIMUM_MTU)); // ENet 1.3.18's rule; 1.3.17 took the peer's value
  peer.windowSize = h.peerWindowSize(peer.incomingBandwidth);
  let windowSize = h.incomingBandwidth === 0 ? P.MAXIMUM_WINDOW_SIZE : Math.floor(h.incomingBandwidth / P.PEER_WINDOW_SIZE_SCALE) * P.MINIMUM_WINDOW_SIZE;
  windowSize = P.clamp(Math.min(windowSize, c.windowSize), P.MINIMUM_WINDOW_SIZE, P.MAXIMUM_WINDOW_SIZE);
  h.peerStarted(peer);
  const body = connectBody(P.COMMAND_VERIFY_CONNECT | P.FLAG_ACKNOWLEDGE, {
    ...c,
    outgoingPeerID: peer.incomingPeerID,
    incomingSessionID,
    outgoingSessionID,
    mtu: peer.mtu,
    windowSize,
    channelCount,
    incomingBandwidth: h.incomingBandwidth,
    outgoingBandwidth: h.outgoingBandwidth,
    connectID: peer.connectID,
  });
  peer.queueOutgoing(body, null, 0, 0);
  return peer;
}

/** `enet_protocol_handle_verify_connect`: `false` for ENet's error (the connection fails). */
function handleVerifyConnect(h: HostProtocol, peer: PeerState, view: DataView, start: number): boolean {
  if (peer.state !== S.Connecting) return true;
  const c = readConnect(view, start, false);
  if (c.channelCount < P.MINIMUM_CHANNEL_COUNT || c.channelCount > P.MAXIMUM_CHANNEL_COUNT ||
      c.packetThrottleInterval !== peer.packetThrottleInterval || c.packetThrottleAcceleration !== peer.packetThrottleAcceleration ||
      c.packetThrottleDeceleration !== peer.packetThrottleDeceleration || c.connectID !== peer.connectID) {
    peer.eventData = 0;
    h.dispatchZombie(peer);
    return false;
  }
  h.removeSentReliable(peer, 1, 0xff);
  if (c.channelCount < peer.channels.length) peer.channels.length = c.channelCount;
  peer.outgoingPeerID = c.outgoingPeerID;
  peer.incomingSessionID = c.incomingSessionID;
  peer.outgoingSessionID = c.outgoingSessionID;
  peer.mtu = Math.min(peer.mtu, P.clamp(c.mtu, P.MINIMUM_MTU, P.MAXIMUM_MTU));
  peer.windowSize = Math.min(peer.windowSize, P.clamp(c.windowSize, P.MINIMUM_WINDOW_SIZE, P.MAXIMUM_WINDOW_SIZE));
  peer.incomingBandwidth = c.incomingBandwidth;
  peer.outgoingBandwidth = c.outgoingBandwidth;
  h.notifyConnect(peer);
  return true;
}
