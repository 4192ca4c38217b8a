import { COMMAND_SIZES, COMMAND_MASK, FLAG_ACKNOWLEDGE } from './protocol.js';
import type { MessageAssembly } from './MessageAssembly.js';

/**
 * The records the ENet port keeps per command (`ENetOutgoingCommand`, `ENetIncomingCommand`,
 * `ENetAcknowledgement` in `enet.h`) and the encoders of the command structs of `protocol.h`.
 * Every multi-byte field is big-endian on the wire, except `connectID`, which ENet copies raw: it is
 * kept here as the number its four bytes read big-endian, signed (`getInt32`), and written back the
 * same way, so the bytes are the peer's own (signed, it stays a small integer to V8: see
 * `PeerState.connectID`).
 *
 * @internal
 * @module
 */

/** A command queued to send, or sent and waiting for its acknowledgement. */
export interface OutgoingCommand {
  /** The encoded command struct (`COMMAND_SIZES[command]` bytes); sequence numbers are patched in at set-up. */
  readonly body: Uint8Array;
  readonly command: number;
  readonly channelID: number;
  reliableSequenceNumber: number;
  unreliableSequenceNumber: number;
  sentTime: number;
  /** ENet's time-out of this command: set at its first send, doubled at every resend; the time-out decision reads it. */
  roundTripTimeout: number;
  roundTripTimeoutLimit: number;
  /**
   * When it is resent (ms after `sentTime`): ENet's `roundTripTimeout`, or sooner when the estimate
   * that value was fixed from is stale — see `checkTimeouts` in `send.ts`.
   */
  resendTimeout: number;
  sendAttempts: number;
  readonly fragmentOffset: number;
  readonly fragmentLength: number;
  /** The whole packet the command carries a part of (`fragmentOffset`, `fragmentLength`), or `null`. */
  readonly packet: Uint8Array | null;
}

/**
 * Whether the reliable window never holds `command` back: it is unreliable, or carries no packet
 * (a ping, a disconnect). `PeerState.outgoingOthers` counts the queued commands it is true of.
 */
export function outsideReliableWindow(command: Pick<OutgoingCommand, 'command' | 'packet'>): boolean {
  return (command.command & FLAG_ACKNOWLEDGE) === 0 || command.packet === null;
}

/** A command received, waiting in its channel for its turn. */
export interface IncomingCommand {
  readonly command: number;
  readonly channelID: number;
  readonly reliableSequenceNumber: number;
  readonly unreliableSequenceNumber: number;
  readonly fragmentCount: number;
  fragmentsRemaining: number;
  /** A fragmented packet's fragments as they arrive, or `null` for a whole packet. */
  readonly assembly: MessageAssembly | null;
  /** The packet's size: a whole one's bytes, or the total a fragmented one announced. */
  readonly length: number;
  /** The packet's bytes: a whole one's at once, a fragmented one's once its last fragment arrived. */
  data: Uint8Array;
}

/** An acknowledgement to send: the command acknowledged and the sent time of the datagram that carried it. */
export interface Acknowledgement {
  readonly channelID: number;
  readonly reliableSequenceNumber: number;
  readonly command: number;
  readonly sentTime: number;
}

/** A command struct of `command` with its header filled in; the fields after it are written by the caller. */
export function commandBody(command: number, channelID: number): { body: Uint8Array; view: DataView } {
  // An ArrayBuffer first: a DataView over a small array's `buffer` would make V8 move the array's bytes off its heap.
  const buffer = new ArrayBuffer(COMMAND_SIZES[command & COMMAND_MASK] as number);
  const body = new Uint8Array(buffer);
  body[0] = command;
  body[1] = channelID;
  return { body, view: new DataView(buffer) };
}

/** The fields of a CONNECT or VERIFY_CONNECT command. */
export interface ConnectFields {
  readonly outgoingPeerID: number;
  readonly incomingSessionID: number;
  readonly outgoingSessionID: number;
  readonly mtu: number;
  readonly windowSize: number;
  readonly channelCount: number;
  readonly incomingBandwidth: number;
  readonly outgoingBandwidth: number;
  readonly packetThrottleInterval: number;
  readonly packetThrottleAcceleration: number;
  readonly packetThrottleDeceleration: number;
  readonly connectID: number;
  /** CONNECT only. */
  readonly data: number;
}

/** Encodes a CONNECT (`command` 2) or VERIFY_CONNECT (3) struct. */
export function connectBody(command: number, fields: ConnectFields): Uint8Array {
  const { body, view } = commandBody(command, 0xff);
  view.setUint16(4, fields.outgoingPeerID);
  view.setUint8(6, fields.incomingSessionID);
  view.setUint8(7, fields.outgoingSessionID);
  const words = [
    fields.mtu,
    fields.windowSize,
    fields.channelCount,
    fields.incomingBandwidth,
    fields.outgoingBandwidth,
    fields.packetThrottleInterval,
    fields.packetThrottleAcceleration,
    fields.packetThrottleDeceleration,
    fields.connectID,
  ];
  words.forEach((word, i) => view.setUint32(8 + 4 * i, word >>> 0));
  if (body.length >= 48) view.setUint32(44, fields.data >>> 0);
  return body;
}

/** Decodes a CONNECT or VERIFY_CONNECT struct at `offset` (its size was checked). */
export function readConnect(view: DataView, offset: number, withData: boolean): ConnectFields {
  const word = (i: number): number => view.getUint32(offset + 8 + 4 * i);
  return {
    outgoingPeerID: view.getUint16(offset + 4),
    incomingSessionID: view.getUint8(offset + 6),
    outgoingSessionID: view.getUint8(offset + 7),
    mtu: word(0),
    windowSize: word(1),
    channelCount: word(2),
    incomingBandwidth: word(3),
    outgoingBandwidth: word(4),
    packetThrottleInterval: word(5),
    packetThrottleAcceleration: word(6),
    packetThrottleDeceleration: word(7),
    connectID: view.getInt32(offset + 8 + 4 * 8),
    data: withData ? word(9) : 0,
  };
}

/** The fields of SEND_FRAGMENT / SEND_UNRELIABLE_FRAGMENT after the header. */
export interface FragmentFields {
  readonly startSequenceNumber: number;
  readonly dataLength: number;
  readonly fragmentCount: number;
  readonly fragmentNumber: number;
  readonly totalLength: number;
  readonly fragmentOffset: number;
}

/** Decodes the fields of a fragment command at `offset`. */
export function readFragment(view: DataView, offset: number): FragmentFields {
  return {
    startSequenceNumber: view.getUint16(offset + 4),
    dataLength: view.getUint16(offset + 6),
    fragmentCount: view.getUint32(offset + 8),
    fragmentNumber: view.getUint32(offset + 12),
    totalLength: view.getUint32(offset + 16),
    fragmentOffset: view.getUint32(offset + 20),
  };
}

/** Encodes a fragment command's fields. */
export function fragmentBody(command: number, channelID: number, fields: FragmentFields): Uint8Array {
  const { body, view } = commandBody(command, channelID);
  view.setUint16(4, fields.startSequenceNumber);
  view.setUint16(6, fields.dataLength);
  view.setUint32(8, fields.fragmentCount);
  view.setUint32(12, fields.fragmentNumber);
  view.setUint32(16, fields.totalLength);
  view.setUint32(20, fields.fragmentOffset);
  return body;
}

/** Encodes a command whose fields after the header are 32-bit words (DISCONNECT, BANDWIDTH_LIMIT, THROTTLE_CONFIGURE, PING). */
export function wordsBody(command: number, words: readonly number[]): Uint8Array {
  const { body, view } = commandBody(command, 0xff);
  words.forEach((word, i) => view.setUint32(4 + 4 * i, word >>> 0));
  return body;
}
