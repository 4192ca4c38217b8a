/**
 * A UDP relay for one client whose every datagram goes through a script of the test, each way:
 * - {@link corrupter} flips the last byte of some ENet datagrams, for the checksum tests
 *   (test/interop/enetChecksum.test.ts): with ENet's CRC32 on, the receiving side must drop each
 *   such datagram whole. It reads the ENet commands of every datagram it corrupts (before the
 *   flip) so that a test knows exactly which messages went with it.
 * - {@link lateByOne} holds back the datagram that ends each unsequenced window and sends it after
 *   the next datagram, for test/interop/enetUnsequenced.test.ts.
 *
 * Which datagrams the corrupter flips: only those of at least {@link CorruptOptions.minimumSize} bytes that end with the
 * data of an unsequenced send or of a fragment (so that the byte flipped is message data, which the
 * receivers check, not a marker), and of those every `every`-th one in a corrupted direction, plus
 * every one that carries a reliable fragment (SEND_FRAGMENT) not corrupted before: reliable
 * fragments then complete only through resends.
 */
import dgram from 'node:dgram';
import * as P from '../../src/enet/protocol.js';
import { commandsOf } from '../enet/datagramCommands.js';

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
  /** The unsequenced group of each SEND_UNSEQUENCED command. */
  readonly groups: number[];
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
  /** The largest datagram relayed, in bytes. */
  largest: number;
  /** The commands of every datagram corrupted, as they were before the flip. */
  readonly corrupted: Carried[];
}

/** The sends one ENet datagram carries (its commands read by {@link commandsOf}). */
export function carried(datagram: Uint8Array, checksum: boolean): Carried {
  const result: Carried = { unsequenced: [], groups: [], unreliableFragments: [], reliableFragments: [], lastByteInPayload: false };
  const commands = commandsOf(datagram, checksum);
  for (const { number, channelID, body, data } of commands) {
    if (number === P.COMMAND_SEND_UNSEQUENCED) {
      result.unsequenced.push(data.slice());
      result.groups.push(body.getUint16(4));
    }
    if (number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT) result.unreliableFragments.push(`${channelID}/${body.getUint16(2)}/${body.getUint16(4)}`);
    if (number === P.COMMAND_SEND_FRAGMENT) result.reliableFragments.push(`${channelID}/${body.getUint16(4)}/${body.getUint32(12)}`);
  }
  const last = commands.at(-1);
  result.lastByteInPayload = last !== undefined && last.end === datagram.length && last.data.length >= 5 &&
    (last.number === P.COMMAND_SEND_UNSEQUENCED || last.number === P.COMMAND_SEND_FRAGMENT || last.number === P.COMMAND_SEND_UNRELIABLE_FRAGMENT);
  return result;
}

/** What the relay does with each datagram of one direction: sends it (changed or not) with `send`, now, later or never. */
export type Script = (datagram: Buffer, send: (datagram: Buffer) => void) => void;

/** Flips the last byte of the datagrams {@link CorruptOptions} choose (`enabled` false: none), recording each in `counts`. */
export function corrupter(options: CorruptOptions, counts: DirectionCounts, enabled: boolean): Script {
  let large = 0;
  const reliableSeen = new Set<string>();
  return (datagram, send) => {
    counts.relayed++;
    counts.largest = Math.max(counts.largest, datagram.length);
    if (!enabled || datagram.length < (options.minimumSize ?? 100)) return send(datagram);
    const commands = carried(datagram, options.checksum);
    if (!commands.lastByteInPayload) return send(datagram);
    const fresh = commands.reliableFragments.filter((key) => !reliableSeen.has(key));
    if (++large % options.every !== 0 && fresh.length === 0) return send(datagram);
    fresh.forEach((key) => reliableSeen.add(key));
    counts.corrupted.push(commands);
    const copy = Buffer.from(datagram);
    copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0xff;
    send(copy);
  };
}

/** What {@link lateByOne} did on one direction. */
export interface LateCounts {
  /** Datagrams held back. */
  held: number;
  /** The indexes (the probe's [5][u32 index]) of the messages in held datagrams that ENet's window must drop. */
  readonly late: number[];
  /** Those of the messages in held datagrams that it must deliver. */
  readonly inWindow: number[];
}

/** The 1024-group window of an unsequenced group (ENET_PEER_UNSEQUENCED_WINDOW_SIZE; 64 windows in 16 bits). */
const windowOf = (group: number): number => Math.floor(group / 1024);

/**
 * Holds back each datagram carrying an unsequenced group that ends a 1024-group window (group %
 * 1024 == 1023) and sends it just after the next datagram, whose groups are of the next window
 * when it carries any: the held groups of the ending window then arrive after their window was left.
 *
 * It predicts from `enet_protocol_handle_send_unsequenced` (ENet 1.3.17) what the receiver does
 * with each held message: the receiver's window is that of the last group it accepted; a group
 * 1 to 31 windows ahead (modulo 64 windows) moves it there and is delivered, a group of the same
 * window is delivered (none comes twice here), a group 32 or more windows ahead (that is: behind)
 * is dropped. Datagrams are otherwise sent in order, so these are all the cases that arise.
 */
export function lateByOne(counts: LateCounts): Script {
  let held: { readonly commands: Carried; readonly datagram: Buffer } | null = null;
  let lastGroup = -1;
  const accept = (group: number): boolean => {
    if (lastGroup >= 0 && (windowOf(group) - windowOf(lastGroup) + 64) % 64 >= 32) return false;
    lastGroup = group;
    return true;
  };
  return (datagram, send) => {
    const commands = carried(datagram, false);
    if (held === null && commands.groups.some((group) => group % 1024 === 1023)) {
      held = { commands, datagram };
      counts.held++;
      return;
    }
    send(datagram);
    commands.groups.forEach(accept);
    if (held === null) return;
    const late = held;
    held = null;
    late.commands.groups.forEach((group, k) => (accept(group) ? counts.inWindow : counts.late).push(indexOf(late.commands.unsequenced[k] as Uint8Array)));
    send(late.datagram);
  };
}

/** The probe's index in an unsequenced message [5][u32 index]. */
export const indexOf = (data: Uint8Array): number => new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1);

/** The relay: {@link ScriptedRelay.start} it, point the client at {@link ScriptedRelay.port}, close it at teardown. */
export class ScriptedRelay {
  readonly #outside: dgram.Socket;
  readonly #inside: dgram.Socket;

  private constructor(outside: dgram.Socket, inside: dgram.Socket) {
    this.#outside = outside;
    this.#inside = inside;
  }

  /** A relay on a free loopback port to `127.0.0.1:targetPort`: `forward` for the client's datagrams, `backward` for the target's. */
  static async start(targetPort: number, forward: Script, backward: Script): Promise<ScriptedRelay> {
    const outside = dgram.createSocket('udp4');
    const inside = dgram.createSocket('udp4');
    await Promise.all([outside, inside].map((socket) => new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))));
    let client: { address: string; port: number } | null = null;
    outside.on('message', (datagram, from) => {
      client = { address: from.address, port: from.port };
      forward(datagram, (changed) => inside.send(changed, targetPort, '127.0.0.1'));
    });
    inside.on('message', (datagram) => {
      const to = client;
      if (to !== null) backward(datagram, (changed) => outside.send(changed, to.port, to.address));
    });
    return new ScriptedRelay(outside, inside);
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
