/**
 * The TCP examples of SFML's network tutorial, in TypeScript: a listener that accepts one
 * client, a client that connects, raw bytes and packets both ways, and the non-blocking switch.
 * The `#region` blocks are copied into the guides and `docs/porting-from-sfml.md`;
 * `test/docs/porting.test.ts` runs them over loopback.
 *
 * @module
 */
import { IpAddress, Packet, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

/** What the server side heard and how it left. */
export interface ServerLog {
  /** The raw greeting, decoded as text. */
  readonly greeting: string;
  /** The fields of the client's packet. */
  readonly packet: { readonly id: number; readonly name: string; readonly speed: number };
  /** The status of a non-blocking receive with nothing queued. */
  readonly idleStatus: SocketStatus;
}

/**
 * Listens on 127.0.0.1 (port 0: any free port), tells `onListening` the port, accepts one
 * client, reads its raw greeting and its packet, answers both, and closes.
 *
 * @param onListening - called with the port once the listener listens.
 * @returns what the client sent, or `null` when listening or accepting failed.
 */
export async function runServer(onListening: (port: number) => void): Promise<ServerLog | null> {
  // #region tcp-listen
  const listener = new TcpListener();
  if ((await listener.listen(0, IpAddress.LocalHost)).status !== SocketStatus.Done) return null;
  onListening(listener.getLocalPort()); // SFML code listens on a fixed port such as 53000
  const client = new TcpSocket();
  if ((await listener.accept(client)).status !== SocketStatus.Done) return null;
  // #endregion tcp-listen
  try {
    // #region raw-receive
    const { status, data } = await client.receive(100); // up to 100 bytes: SFML's receive(data, 100, received)
    if (status !== SocketStatus.Done) return null;
    const greeting = new TextDecoder().decode(data);
    await client.send(new TextEncoder().encode('welcome'));
    // #endregion raw-receive
    // #region packet-receive
    const packet = new Packet();
    if ((await client.receive(packet)).status !== SocketStatus.Done) return null;
    const id = packet.readUint32();
    const name = packet.readString();
    const speed = packet.readFloat();
    if (!packet.isValid()) return null; // SFML: if (!(packet >> id >> name >> speed))
    await client.send(new Packet().writeString(`hello ${name}`));
    // #endregion packet-receive
    // #region non-blocking
    client.setBlocking(false);
    const idle = await client.receive(new Packet()); // nothing queued: NotReady at once
    // #endregion non-blocking
    return { greeting, packet: { id, name, speed }, idleStatus: idle.status };
  } finally {
    client.disconnect();
    await listener.close();
  }
}

/**
 * Connects to the server on 127.0.0.1:`port`, greets it with raw bytes, sends a packet and
 * reads both answers.
 *
 * @param port - the server's port.
 * @returns the two answers, or `null` when connecting failed.
 */
export async function runClient(port: number): Promise<{ raw: string; reply: string } | null> {
  // #region tcp-connect
  const socket = new TcpSocket();
  const { status, error } = await socket.connect(IpAddress.LocalHost, port, 5000); // 5 s timeout
  if (status !== SocketStatus.Done) {
    console.error('connect failed:', error?.kind, error?.code);
    return null;
  }
  // #endregion tcp-connect
  try {
    // #region raw-send
    await socket.send(new TextEncoder().encode('hi, I am a client')); // SFML: socket.send(data, size)
    const answer = await socket.receive(100);
    const raw = new TextDecoder().decode(answer.data);
    // #endregion raw-send
    // #region packet-send
    const packet = new Packet().writeUint32(7).writeString('player-7').writeFloat(2.5);
    await socket.send(packet); // framed: a uint32 size, then the payload
    const reply = new Packet();
    await socket.receive(reply);
    // #endregion packet-send
    return { raw, reply: reply.readString() };
  } finally {
    socket.disconnect();
  }
}
