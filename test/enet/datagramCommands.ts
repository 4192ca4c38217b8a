/**
 * The commands of one ENet datagram, walked as `enet_protocol_handle_incoming_commands` walks
 * them: for tests and test relays that look into what goes over the wire.
 */
import * as P from '../../src/enet/protocol.js';

/** One command of a datagram. */
export interface WireCommand {
  /** The command number (`command & COMMAND_MASK`). */
  readonly number: number;
  /** The command byte, flags included. */
  readonly command: number;
  readonly channelID: number;
  /** The command struct (header and fields, `COMMAND_SIZES[number]` bytes). */
  readonly body: DataView;
  /** The data after it (cut short where the datagram ends). */
  readonly data: Uint8Array;
  /** Where its data ends: the datagram's length when it is the last command and whole. */
  readonly end: number;
}

/** Whether commands of `number` carry data, and where their `dataLength` field is. */
function dataLengthAt(number: number, size: number): number {
  if (number === P.COMMAND_SEND_FRAGMENT || number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT) return 6;
  if (number === P.COMMAND_SEND_RELIABLE || number === P.COMMAND_SEND_UNRELIABLE || number === P.COMMAND_SEND_UNSEQUENCED) return size - 2;
  return -1;
}

/** The commands of `datagram` (`checksum`: the header carries ENet's CRC32), up to the first that does not parse. */
export function commandsOf(datagram: Uint8Array, checksum = false): WireCommand[] {
  const found: WireCommand[] = [];
  if (datagram.length < 2) return found;
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  let at = (view.getUint16(0) & P.HEADER_FLAG_SENT_TIME ? 4 : 2) + (checksum ? 4 : 0);
  while (at + P.COMMAND_HEADER_SIZE <= datagram.length) {
    const command = datagram[at] as number;
    const number = command & P.COMMAND_MASK;
    const size = P.COMMAND_SIZES[number] ?? 0;
    if (size === 0 || at + size > datagram.length) break;
    const lengthAt = dataLengthAt(number, size);
    const end = at + size + (lengthAt < 0 ? 0 : view.getUint16(at + lengthAt));
    found.push({ number, command, channelID: datagram[at + 1] as number, body: new DataView(datagram.buffer, datagram.byteOffset + at, size), data: datagram.subarray(at + size, end), end });
    at = end;
  }
  return found;
}
