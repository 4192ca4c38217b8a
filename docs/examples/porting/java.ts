/**
 * java.net and java.io code in TypeScript: `ServerSocket` / `Socket`, `DataOutputStream` /
 * `DataInputStream`, `setSoTimeout`, and a `SecurityManager`. The `#region` blocks are copied
 * into `docs/porting-from-java.md`; `test/docs/porting.test.ts` runs them over loopback.
 *
 * @module
 */
import {
  IpAddress,
  Packet,
  SecurityError,
  SecurityManager,
  SocketError,
  SocketStatus,
  TcpListener,
  TcpSocket,
} from '../../../src/index.js';

/**
 * Reads exactly `length` bytes from a raw byte stream, as `DataInputStream.readFully` does.
 *
 * @param socket - a connected socket in blocking mode.
 * @param length - how many bytes to read.
 * @returns a packet holding the bytes, or `null` when the stream ended first.
 */
// #region read-fully
export async function readFully(socket: TcpSocket, length: number): Promise<Packet | null> {
  const packet = new Packet();
  while (packet.getDataSize() < length) {
    const { status, data } = await socket.receive(length - packet.getDataSize());
    if (status !== SocketStatus.Done) return null; // EOFException, SocketException, …
    packet.append(data);
  }
  return packet;
}
// #endregion read-fully

/**
 * The server of the Java example: accepts one client, reads what it wrote with
 * `DataOutputStream` and answers with `writeUTF`.
 *
 * @param onListening - called with the port once the server listens.
 * @returns the values read, or `null` on failure.
 */
export async function javaStyleServer(onListening: (port: number) => void): Promise<{ id: number; name: string; score: number } | null> {
  // #region server-socket
  const server = new TcpListener(); // new ServerSocket(port, 50, InetAddress.getLoopbackAddress())
  if ((await server.listen(0, IpAddress.LocalHost)).status !== SocketStatus.Done) return null;
  onListening(server.getLocalPort());
  const socket = new TcpSocket(); // Socket socket = server.accept();
  if ((await server.accept(socket)).status !== SocketStatus.Done) return null;
  // #endregion server-socket
  try {
    // #region data-input
    const input = await readFully(socket, 4 + 2 + 5 + 8); // readInt, readUTF("Alice"), readDouble
    if (input === null) return null;
    const id = input.readInt32(); // in.readInt()
    const name = input.readUTF(); // in.readUTF()
    const score = input.readDoubleBE(); // in.readDouble(): Java is big-endian
    await socket.send(new Packet().writeUTF(`hello ${name}`).getData()); // out.writeUTF(…); out.flush()
    // #endregion data-input
    return { id, name, score };
  } finally {
    socket.close();
    await server.close();
  }
}

/**
 * The client of the Java example: writes an int, a UTF string and a double as raw bytes, then
 * reads the `writeUTF` answer with a receive timeout.
 *
 * @param port - the server's port on 127.0.0.1.
 * @returns the answer, or the error kind when it failed.
 */
export async function javaStyleClient(port: number): Promise<string> {
  // #region socket-connect
  const socket = new TcpSocket(); // Socket socket = new Socket();
  socket.setSoTimeout(5000); // socket.setSoTimeout(5000)
  const connected = await socket.connect(IpAddress.LocalHost, port, 2000); // socket.connect(addr, 2000)
  if (connected.status !== SocketStatus.Done) return `connect: ${connected.error?.kind ?? 'failed'}`;
  // #endregion socket-connect
  try {
    // #region data-output
    const out = new Packet().writeInt32(42).writeUTF('Alice').writeDoubleBE(97.5);
    await socket.send(out.getData()); // raw bytes, no SFML size prefix: what DataOutputStream writes
    // #endregion data-output
    // #region read-utf
    const length = await readFully(socket, 2); // the uint16 length that starts a writeUTF string
    if (length === null) return 'closed';
    const body = await readFully(socket, length.readUint16());
    if (body === null) return 'closed';
    return new Packet().append(length.getData()).append(body.getData()).readUTF();
    // #endregion read-utf
  } finally {
    socket.close();
  }
}

/**
 * What a receive reports when `setSoTimeout` elapses: Java's `SocketTimeoutException`.
 *
 * @param socket - a connected socket with nothing to read.
 * @returns the status and the error kind of the receive.
 */
export async function timedOutReceive(socket: TcpSocket): Promise<{ status: SocketStatus; kind: string | undefined }> {
  // #region so-timeout
  socket.setSoTimeout(50);
  const { status, error } = await socket.receive(1024);
  if (status === SocketStatus.NotReady && error?.kind === 'Timeout') {
    // catch (SocketTimeoutException e): the socket is still connected; try again later
  }
  // #endregion so-timeout
  return { status, kind: error?.kind };
}

// #region security-manager
/** Java's `checkConnect` / `checkListen` / `checkAccept`, injected instead of installed globally. */
export class LoopbackOnlyManager extends SecurityManager {
  override checkConnect(address: IpAddress, port: number): void {
    if (!address.isLoopback()) throw new SecurityError('connect', address, port, 'loopback only');
  }

  override checkListen(port: number, address: IpAddress): void {
    if (port !== 0 && port < 1024) throw new SecurityError('listen', address, port, 'no privileged ports');
  }

  override checkAccept(address: IpAddress, port: number): void {
    if (!address.isLoopback()) throw new SecurityError('accept', address, port, 'loopback only');
  }
}

/** Where Java throws `SecurityException`, the SDK returns `Error` with a `SecurityError`. */
export async function connectOutside(): Promise<string> {
  const socket = new TcpSocket({ securityManager: new LoopbackOnlyManager() });
  const { status, error } = await socket.connect(IpAddress.parse('192.0.2.1'), 80);
  if (status === SocketStatus.Error && error instanceof SecurityError) return `denied: ${error.check} ${String(error.address)}`;
  return SocketError.is(error) ? error.kind : status;
}
// #endregion security-manager
