import { copyBytes } from '../core/copyBytes.js';
import type { IncomingCommand } from './commands.js';
import type { EnetChannel } from './EnetChannel.js';
import { EnetPeerState } from './EnetPeerState.js';
import { MessageAssembly } from './MessageAssembly.js';
import { PeerState, type Queued } from './PeerState.js';
import * as P from './protocol.js';

const NO_BYTES = new Uint8Array(0);

/**
 * ENet's `enet_peer_queue_incoming_command` and the two dispatch functions of `peer.c`: where a
 * received command waits in its channel, and when it is handed to the application. Reliable
 * commands leave in sequence order only; an unreliable one leaves when the reliable command it
 * follows has, and only if no later one has left before it.
 *
 * @internal
 * @module
 */

/** The fields of a received command `queueIncoming` needs. */
export interface Received {
  readonly command: number;
  readonly channelID: number;
  readonly reliableSequenceNumber: number;
  /** SEND_UNRELIABLE and SEND_UNRELIABLE_FRAGMENT: the unreliable sequence number (of the first fragment). */
  readonly unreliableSequenceNumber: number;
}

/**
 * Queues a received command with `dataLength` bytes (copied from `data`; for a fragmented packet,
 * `data` is `null` and its fragments follow).
 */
export function queueIncoming(peer: PeerState, received: Received, data: Uint8Array | null, dataLength: number, fragmentCount: number): Queued {
  const discard = (): Queued => (fragmentCount > 0 ? null : 'discarded');
  const channel = peer.channels[received.channelID];
  if (channel === undefined || peer.state === EnetPeerState.DisconnectLater) return discard();
  const number = received.command & P.COMMAND_MASK;
  const reliableSequenceNumber = number === P.COMMAND_SEND_UNSEQUENCED ? 0 : received.reliableSequenceNumber;
  if (number !== P.COMMAND_SEND_UNSEQUENCED && PeerState.outsideWindow(channel, reliableSequenceNumber)) return discard();
  let at: number;
  let unreliableSequenceNumber = 0;
  if (number === P.COMMAND_SEND_FRAGMENT || number === P.COMMAND_SEND_RELIABLE) {
    if (reliableSequenceNumber === channel.incomingReliableSequenceNumber) return discard();
    const position = reliablePosition(channel, reliableSequenceNumber);
    if (position < 0) return discard();
    at = position;
  } else if (number === P.COMMAND_SEND_UNRELIABLE || number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT) {
    unreliableSequenceNumber = received.unreliableSequenceNumber;
    if (reliableSequenceNumber === channel.incomingReliableSequenceNumber && unreliableSequenceNumber <= channel.incomingUnreliableSequenceNumber) return discard();
    const position = unreliablePosition(channel, reliableSequenceNumber, unreliableSequenceNumber);
    if (position < 0) return discard();
    at = position;
  } else if (number === P.COMMAND_SEND_UNSEQUENCED) {
    at = 0;
  } else {
    return discard();
  }
  if (peer.totalWaitingData >= peer.host.maximumWaitingData) return null;
  if (number === P.COMMAND_SEND_RELIABLE && data !== null && at === 0 && channel.incomingReliableCommands.length === 0 &&
      reliableSequenceNumber === ((channel.incomingReliableSequenceNumber + 1) & 0xffff)) {
    return dispatchNext(peer, channel, received, data.subarray(0, dataLength));
  }
  // A fragmented packet's memory comes as its fragments do (MessageAssembly), not from the total it announces.
  const assembly = data === null ? new MessageAssembly(dataLength, fragmentCount) : null;
  const incoming: IncomingCommand = {
    command: received.command,
    channelID: received.channelID,
    reliableSequenceNumber,
    unreliableSequenceNumber,
    fragmentCount,
    fragmentsRemaining: fragmentCount,
    assembly,
    length: dataLength,
    data: data === null ? NO_BYTES : copyBytes(data, 0, dataLength),
  };
  peer.totalWaitingData += dataLength;
  if (number === P.COMMAND_SEND_FRAGMENT || number === P.COMMAND_SEND_RELIABLE) {
    channel.incomingReliableCommands.splice(at, 0, incoming);
    dispatchReliable(peer, channel, incoming);
  } else {
    channel.incomingUnreliableCommands.splice(at, 0, incoming);
    dispatchUnreliable(peer, channel, incoming);
  }
  return incoming;
}

/**
 * A whole reliable command next in sequence, with nothing waiting before it: what `queueIncoming`
 * and `dispatchReliable` do for it, without the copy (the application's packet copies `data`
 * while it is dispatched, so a view of the datagram is enough).
 */
function dispatchNext(peer: PeerState, channel: EnetChannel, received: Received, data: Uint8Array): IncomingCommand {
  const incoming: IncomingCommand = {
    command: received.command,
    channelID: received.channelID,
    reliableSequenceNumber: received.reliableSequenceNumber,
    unreliableSequenceNumber: 0,
    fragmentCount: 0,
    fragmentsRemaining: 0,
    assembly: null,
    length: data.length,
    data,
  };
  peer.totalWaitingData += data.length;
  channel.incomingReliableSequenceNumber = incoming.reliableSequenceNumber;
  channel.incomingUnreliableSequenceNumber = 0;
  peer.host.dispatch(peer, incoming);
  if (channel.incomingUnreliableCommands.length > 0) dispatchUnreliable(peer, channel, incoming);
  return incoming;
}

/** Where a reliable command goes in its channel's list (walking back from the end, as ENet does), or -1 for a duplicate. */
function reliablePosition(channel: EnetChannel, sequence: number): number {
  const list = channel.incomingReliableCommands;
  const current = channel.incomingReliableSequenceNumber;
  let i = list.length - 1;
  for (; i >= 0; i--) {
    const other = (list[i] as IncomingCommand).reliableSequenceNumber;
    if (sequence >= current) {
      if (other < current) continue;
    } else if (other >= current) break;
    if (other <= sequence) {
      if (other < sequence) break;
      return -1;
    }
  }
  return i + 1;
}

/** Where an unreliable command goes in its channel's list, or -1 for a duplicate. */
function unreliablePosition(channel: EnetChannel, reliable: number, unreliable: number): number {
  const list = channel.incomingUnreliableCommands;
  const current = channel.incomingReliableSequenceNumber;
  let i = list.length - 1;
  for (; i >= 0; i--) {
    const other = list[i] as IncomingCommand;
    if (reliable >= current) {
      if (other.reliableSequenceNumber < current) continue;
    } else if (other.reliableSequenceNumber >= current) break;
    if (other.reliableSequenceNumber < reliable) break;
    if (other.reliableSequenceNumber > reliable) continue;
    if (other.unreliableSequenceNumber <= unreliable) {
      if (other.unreliableSequenceNumber < unreliable) break;
      return -1;
    }
  }
  return i + 1;
}

/** `enet_peer_dispatch_incoming_reliable_commands`: hands over the commands that are next in sequence and complete. */
export function dispatchReliable(peer: PeerState, channel: EnetChannel, queued: IncomingCommand | null): void {
  const list = channel.incomingReliableCommands;
  let count = 0;
  for (const incoming of list) {
    if (incoming.fragmentsRemaining > 0 || incoming.reliableSequenceNumber !== ((channel.incomingReliableSequenceNumber + 1) & 0xffff)) break;
    channel.incomingReliableSequenceNumber = incoming.reliableSequenceNumber;
    if (incoming.fragmentCount > 0) channel.incomingReliableSequenceNumber = (channel.incomingReliableSequenceNumber + incoming.fragmentCount - 1) & 0xffff;
    count++;
  }
  if (count === 0) return;
  channel.incomingUnreliableSequenceNumber = 0;
  for (const incoming of list.splice(0, count)) peer.host.dispatch(peer, incoming);
  if (channel.incomingUnreliableCommands.length > 0) dispatchUnreliable(peer, channel, queued);
}

/**
 * `enet_peer_dispatch_incoming_unreliable_commands`: hands over the unreliable commands whose
 * reliable command has been dispatched, and drops those that can never be.
 */
export function dispatchUnreliable(peer: PeerState, channel: EnetChannel, queued: IncomingCommand | null): void {
  const list = channel.incomingUnreliableCommands;
  const moved = new Uint8Array(list.length);
  const move = (from: number, to: number): void => {
    for (let k = from; k < to; k++) moved[k] = 1;
  };
  let dropped = 0;
  let start = 0;
  let i = 0;
  for (; i < list.length; i++) {
    const incoming = list[i] as IncomingCommand;
    if ((incoming.command & P.COMMAND_MASK) === P.COMMAND_SEND_UNSEQUENCED) continue;
    if (incoming.reliableSequenceNumber === channel.incomingReliableSequenceNumber) {
      if (incoming.fragmentsRemaining <= 0) {
        channel.incomingUnreliableSequenceNumber = incoming.unreliableSequenceNumber;
        continue;
      }
      if (start !== i) {
        move(start, i);
        dropped = i;
      } else if (dropped !== i) dropped = i - 1;
    } else {
      if (!PeerState.outsideWindow(channel, incoming.reliableSequenceNumber)) break;
      dropped = i + 1;
      if (start !== i) move(start, i);
    }
    start = i + 1;
  }
  if (start !== i) {
    move(start, i);
    dropped = i;
  }
  const rest: IncomingCommand[] = [];
  list.forEach((incoming, k) => {
    if (moved[k] === 1) peer.host.dispatch(peer, incoming);
    else if (k >= dropped || incoming === queued) rest.push(incoming);
    else peer.totalWaitingData -= incoming.length;
  });
  channel.incomingUnreliableCommands = rest;
}
