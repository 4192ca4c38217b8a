/**
 * A UDP relay for one client that flips the last byte of some ENet datagrams, for the checksum
 * tests (test/interop/enetChecksum.test.ts): with ENet's CRC32 on, the receiving side must drop
 * each such datagram whole. The relay reads the ENet commands of every datagram it corrupts (before
 * the flip) so that a test knows exactly which messages went with it.
 *
 * Which datagrams: only those of at least {@link CorruptOptions.minimumSize} bytes that end with the
 * data of an unsequenced send or of a fragment (so that the byte flipped is message data, which the
 * receivers check, not a marker), and of those every `every`-th one in a corrupted direction, plus
 * every one that carries a reliable fragment (SEND_FRAGMENT) not corrupted before: reliable
 * fragments then complete only through resends.
 */
import dgram from 'node:dgram';
import * as P from '../../src/enet/protocol.js';

/** What the relay corrupts. */
export interface CorruptOptions {
  /** Datagrams of fewer bytes pass intact (default 100). */
  readonly minimumSize?: number;
  /** Corrupt every `every`-th datagram of at least `minimumSize` bytes (default 3). */
  readonly every: number;
  /** Which directions: client to target, target to client (default both). */
  readonly forward?: boolean;
  readonly backward?: boolean;
  /** Whether the datagrams carry ENet's checksum (4 more header bytes). */
  readonly checksum: boolean;
}

/** The ENet send commands of one datagram. */
export interface Carried {
  /** The data of each SEND_UNSEQUENCED command. */
  readonly unsequenced: Uint8Array[];
  /** "<channel>/<reliable sequence>/<start sequence>" of each SEND_UNRELIABLE_FRAGMENT (one key per message). */
  readonly unreliableFragments: string[];
  /** "<channel>/<start sequence>/<fragment number>" of each SEND_FRAGMENT. */
  readonly reliableFragments: string[];
  /** Whether the last byte is in the data of an unsequenced send or a fragment of at least 5 bytes (past the probe's tag and index). */
  lastByteInPayload: boolean;
}

/** What went through one direction. */
export interface DirectionCounts {
  relayed: number;
  /** The commands of every datagram corrupted, as they were before the flip. */
  readonly corrupted: Carried[];
}

/** Reads the commands of one ENet datagram (as `enet_protocol_handle_incoming_commands` walks them). */
export function carried(datagram: Uint8Array, checksum: boolean): Carried {
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const result: Carried = { unsequenced: [], unreliableFragments: [], reliableFragments: [], lastByteInPayload: false };
  if (datagram.length < 2) return result;
  const flags = view.getUint16(0) & P.HEADER_FLAG_MASK;
  let at = (flags & P.HEADER_FLAG_SENT_TIME ? 4 : 2) + (checksum ? 4 : 0);
  while (at + P.COMMAND_HEADER_SIZE <= datagram.length) {
    const number = (datagram[at] as number) & P.COMMAND_MASK;
    const size = P.COMMAND_SIZES[number] ?? 0;
    if (size === 0 || at + size > datagram.length) break;
    const channel = datagram[at + 1] as number;
    const hasData = number === P.COMMAND_SEND_RELIABLE || number === P.COMMAND_SEND_UNRELIABLE || number === P.COMMAND_SEND_UNSEQUENCED ||
      number === P.COMMAND_SEND_FRAGMENT || number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT;
    // dataLength: the last field of the three sends, the one after startSequenceNumber of the fragments.
    const fragment = number === P.COMMAND_SEND_FRAGMENT || number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT;
    const dataLength = hasData ? view.getUint16(at + (fragment ? 6 : size - 2)) : 0;
    if (number === P.COMMAND_SEND_UNSEQUENCED) result.unsequenced.push(datagram.slice(at + size, at + size + dataLength));
    if (number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT) result.unreliableFragments.push(`${channel}/${view.getUint16(at + 2)}/${view.getUint16(at + 4)}`);
    if (number === P.COMMAND_SEND_FRAGMENT) result.reliableFragments.push(`${channel}/${view.getUint16(at + 4)}/${view.getUint32(at + 12)}`);
    at += size + dataLength;
    result.lastByteInPayload = at === datagram.length && dataLength >= 5 && (fragment || number === P.COMMAND_SEND_UNSEQUENCED);
  }
  return result;
}

/** The relay: {@link CorruptingRelay.start} it, point the client at {@link CorruptingRelay.port}, close it at teardown. */
export class CorruptingRelay {
  readonly forward: DirectionCounts = { relayed: 0, corrupted: [] };
  readonly backward: DirectionCounts = { relayed: 0, corrupted: [] };
  readonly #outside: dgram.Socket;
  readonly #inside: dgram.Socket;

  private constructor(outside: dgram.Socket, inside: dgram.Socket) {
    this.#outside = outside;
    this.#inside = inside;
  }

  /** A relay on a free loopback port to `127.0.0.1:targetPort`. */
  static async start(targetPort: number, options: CorruptOptions): Promise<CorruptingRelay> {
    const outside = dgram.createSocket('udp4');
    const inside = dgram.createSocket('udp4');
    await Promise.all([outside, inside].map((socket) => new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))));
    const relay = new CorruptingRelay(outside, inside);
    let client: { address: string; port: number } | null = null;
    const corrupter = (counts: DirectionCounts, enabled: boolean): ((datagram: Buffer) => Buffer) => {
      let large = 0;
      const reliableSeen = new Set<string>();
      return (datagram) => {
        counts.relayed++;
        if (!enabled || datagram.length < (options.minimumSize ?? 100)) return datagram;
        const commands = carried(datagram, options.checksum);
        if (!commands.lastByteInPayload) return datagram;
        const fresh = commands.reliableFragments.filter((key) => !reliableSeen.has(key));
        if (++large % options.every !== 0 && fresh.length === 0) return datagram;
        fresh.forEach((key) => reliableSeen.add(key));
        counts.corrupted.push(commands);
        const copy = Buffer.from(datagram);
        copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0xff;
        return copy;
      };
    };
    const toTarget = corrupter(relay.forward, options.forward ?? true);
    const toClient = corrupter(relay.backward, options.backward ?? true);
    outside.on('message', (datagram, from) => {
      client = { address: from.address, port: from.port };
      inside.send(toTarget(datagram), targetPort, '127.0.0.1');
    });
    inside.on('message', (datagram) => {
      if (client !== null) outside.send(toClient(datagram), client.port, client.address);
    });
    return relay;
  }

  /** The port the client sends to. */
  get port(): number {
    return this.#outside.address().port;
  }

  /** Closes both sockets. */
  close(): void {
    this.#outside.close();
    this.#inside.close();
  }
}
