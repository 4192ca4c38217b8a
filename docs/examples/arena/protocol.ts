/**
 * The arena's wire protocol: every message is one {@link Packet}, led by a one-byte kind.
 *
 * @remarks
 * Reliable messages (join, welcome, chat, ping, leave) travel over TCP with SFML's packet
 * framing; the per-tick traffic (inputs, snapshots) travels over UDP, one packet per datagram.
 * Decoders never throw: a malformed or unknown packet decodes to `null` (the packet's
 * `isValid()` after the reads, as SFML code checks `if (packet >> a >> b)`).
 *
 * @module
 */
// The browser entry's Packet (the same class as the main entry's): the browser client shares this protocol.
import { Packet } from '../../../src/browser/index.js';

/** The first byte of every arena packet. */
export enum Kind {
  /** Client → server (TCP): join with a name. */
  Join = 1,
  /** Server → client (TCP): the player id, session token and the server's UDP port. */
  Welcome = 2,
  /** Both ways (TCP): a chat line; the server relays it to every player with the sender. */
  Chat = 3,
  /** Client → server (TCP): a timestamp to echo. */
  Ping = 4,
  /** Server → client (TCP): the echoed timestamp. */
  Pong = 5,
  /** Client → server (TCP): leaving; the client closes right after. */
  Leave = 6,
  /** Server → client (TCP): the join was refused (server full, bad name); the server closes. */
  Refused = 7,
  /** Client → server (UDP): one tick of movement input. */
  Input = 8,
  /** Server → client (UDP): every player's position. */
  Snapshot = 9,
}

/** The longest player name, in UTF-16 units; longer names are refused. */
export const MAX_NAME_LENGTH = 32;
/** The longest chat line, in UTF-16 units; longer lines are cut. */
export const MAX_CHAT_LENGTH = 200;

/** A TCP message a client sends. */
export type ClientMessage =
  | { readonly kind: Kind.Join; readonly name: string }
  | { readonly kind: Kind.Chat; readonly text: string }
  | { readonly kind: Kind.Ping; readonly sentAt: number }
  | { readonly kind: Kind.Leave };

/** A TCP message the server sends. */
export type ServerMessage =
  | { readonly kind: Kind.Welcome; readonly playerId: number; readonly token: number; readonly udpPort: number; readonly tickRate: number }
  | { readonly kind: Kind.Chat; readonly fromId: number; readonly from: string; readonly text: string }
  | { readonly kind: Kind.Pong; readonly sentAt: number }
  | { readonly kind: Kind.Refused; readonly reason: string };

/** One tick of a player's input, sent by UDP. */
export interface InputMessage {
  /** The id from the welcome. */
  readonly playerId: number;
  /** The token from the welcome: a datagram without it is ignored. */
  readonly token: number;
  /** Increases by one per input; the server echoes the last one it applied. */
  readonly seq: number;
  /** Horizontal movement, from -1 to 1. */
  readonly dx: number;
  /** Vertical movement, from -1 to 1. */
  readonly dy: number;
}

/** One player's entry in a snapshot. */
export interface PlayerState {
  /** The player id. */
  readonly id: number;
  /** Position in arena units. */
  readonly x: number;
  /** Position in arena units. */
  readonly y: number;
  /** The last input sequence the server applied for this player (0 before any). */
  readonly lastSeq: number;
}

/** The world as the server simulated it at one tick, sent by UDP to every player. */
export interface Snapshot {
  /** The server's tick counter. */
  readonly tick: number;
  /** Every player in the arena. */
  readonly players: readonly PlayerState[];
}

/**
 * Encodes a client's TCP message.
 *
 * @param message - the message.
 * @returns a packet ready for `TcpSocket.send`.
 * @example
 * ```ts
 * await socket.send(encodeClient({ kind: Kind.Join, name: 'bot-1' }));
 * ```
 */
export function encodeClient(message: ClientMessage): Packet {
  const packet = new Packet().writeUint8(message.kind);
  switch (message.kind) {
    case Kind.Join:
      return packet.writeString(message.name);
    case Kind.Chat:
      return packet.writeString(message.text);
    case Kind.Ping:
      return packet.writeDouble(message.sentAt);
    case Kind.Leave:
      return packet;
  }
}

/** How each kind of a message family is read, after its kind byte. */
type Readers<M extends { readonly kind: Kind }> = { readonly [K in M['kind']]: (packet: Packet) => Extract<M, { kind: K }> };

const CLIENT_READERS: Readers<ClientMessage> = {
  [Kind.Join]: (packet) => ({ kind: Kind.Join, name: packet.readString() }),
  [Kind.Chat]: (packet) => ({ kind: Kind.Chat, text: packet.readString() }),
  [Kind.Ping]: (packet) => ({ kind: Kind.Ping, sentAt: packet.readDouble() }),
  [Kind.Leave]: () => ({ kind: Kind.Leave }),
};

const SERVER_READERS: Readers<ServerMessage> = {
  [Kind.Welcome]: (packet) => ({
    kind: Kind.Welcome,
    playerId: packet.readUint16(),
    token: packet.readUint32(),
    udpPort: packet.readUint16(),
    tickRate: packet.readUint16(),
  }),
  [Kind.Chat]: (packet) => ({ kind: Kind.Chat, fromId: packet.readUint16(), from: packet.readString(), text: packet.readString() }),
  [Kind.Pong]: (packet) => ({ kind: Kind.Pong, sentAt: packet.readDouble() }),
  [Kind.Refused]: (packet) => ({ kind: Kind.Refused, reason: packet.readString() }),
};

/** Reads the kind byte, then the message with its family's reader; `null` for another kind or a short packet. */
function decodeWith<M extends { readonly kind: Kind }>(packet: Packet, readers: Readers<M>): M | null {
  const kind = packet.readUint8();
  const read = (readers as Partial<Record<number, (packet: Packet) => M>>)[kind];
  if (read === undefined) return null;
  const message = read(packet);
  return packet.isValid() ? message : null;
}

/**
 * Decodes a client's TCP message.
 *
 * @param packet - a packet received from a client.
 * @returns the message, or `null` when it is malformed or of another kind.
 */
export function decodeClient(packet: Packet): ClientMessage | null {
  return decodeWith(packet, CLIENT_READERS);
}

/**
 * Encodes a server's TCP message.
 *
 * @param message - the message.
 * @returns a packet ready for `TcpSocket.send`.
 */
export function encodeServer(message: ServerMessage): Packet {
  const packet = new Packet().writeUint8(message.kind);
  switch (message.kind) {
    case Kind.Welcome:
      return packet.writeUint16(message.playerId).writeUint32(message.token).writeUint16(message.udpPort).writeUint16(message.tickRate);
    case Kind.Chat:
      return packet.writeUint16(message.fromId).writeString(message.from).writeString(message.text);
    case Kind.Pong:
      return packet.writeDouble(message.sentAt);
    case Kind.Refused:
      return packet.writeString(message.reason);
  }
}

/**
 * Decodes a server's TCP message.
 *
 * @param packet - a packet received from the server.
 * @returns the message, or `null` when it is malformed or of another kind.
 */
export function decodeServer(packet: Packet): ServerMessage | null {
  return decodeWith(packet, SERVER_READERS);
}

/**
 * Encodes one input for a UDP datagram.
 *
 * @param input - the input.
 * @returns a packet ready for `UdpSocket.send`.
 */
export function encodeInput(input: InputMessage): Packet {
  return new Packet().writeUint8(Kind.Input).writeUint16(input.playerId).writeUint32(input.token).writeUint32(input.seq).writeFloat(input.dx).writeFloat(input.dy);
}

/**
 * Decodes one input datagram.
 *
 * @param packet - a received datagram.
 * @returns the input, or `null` when it is malformed, of another kind, or its vector is not finite.
 */
export function decodeInput(packet: Packet): InputMessage | null {
  if (packet.readUint8() !== Kind.Input) return null;
  const input = { playerId: packet.readUint16(), token: packet.readUint32(), seq: packet.readUint32(), dx: packet.readFloat(), dy: packet.readFloat() };
  return packet.isValid() && packet.endOfPacket() && Number.isFinite(input.dx) && Number.isFinite(input.dy) ? input : null;
}

/**
 * Encodes a snapshot for a UDP datagram (14 bytes a player, 7 of header).
 *
 * @param snapshot - the snapshot.
 * @returns a packet ready for `UdpSocket.send`.
 */
export function encodeSnapshot(snapshot: Snapshot): Packet {
  const packet = new Packet().writeUint8(Kind.Snapshot).writeUint32(snapshot.tick).writeUint16(snapshot.players.length);
  for (const player of snapshot.players) packet.writeUint16(player.id).writeFloat(player.x).writeFloat(player.y).writeUint32(player.lastSeq);
  return packet;
}

/**
 * Decodes a snapshot datagram.
 *
 * @param packet - a received datagram.
 * @returns the snapshot, or `null` when it is malformed or of another kind.
 */
export function decodeSnapshot(packet: Packet): Snapshot | null {
  if (packet.readUint8() !== Kind.Snapshot) return null;
  const tick = packet.readUint32();
  const count = packet.readUint16();
  // 14 bytes an entry: a count the datagram cannot hold is refused before anything is allocated.
  if (!packet.isValid() || count * 14 !== packet.getDataSize() - packet.getReadPosition()) return null;
  const players: PlayerState[] = [];
  for (let i = 0; i < count; i++) {
    players.push({ id: packet.readUint16(), x: packet.readFloat(), y: packet.readFloat(), lastSeq: packet.readUint32() });
  }
  return packet.isValid() ? { tick, players } : null;
}
