/**
 * Java's unframed `DataOutputStream` / `DataInputStream` protocols with the SDK's classes of the
 * same names. The `#region` blocks are copied into `docs/porting-from-java.md` and
 * `docs/guides/packets-and-wire-format.md`; `test/docs/dataStreamsAndDns.test.ts` runs them over
 * loopback.
 *
 * @module
 */
import { DataInputStream, DataOutputStream, IpAddress, SocketStatus, TcpListener, TcpSocket } from '../../../src/index.js';

/**
 * A server as Java writes one: reads an id, a name and a score with `DataInputStream`, answers
 * with `writeUTF`, and then counts the scores a client sends until it closes.
 *
 * @param onListening - called with the port once the server listens.
 * @returns what it read, or why it stopped.
 */
export async function dataStreamServer(onListening: (port: number) => void): Promise<{ id: number; name: string; score: number; more: number } | string> {
  const server = new TcpListener();
  if ((await server.listen(0, IpAddress.LocalHost)).status !== SocketStatus.Done) return 'listen failed';
  onListening(server.getLocalPort());
  const socket = new TcpSocket();
  const accepted = await server.accept(socket);
  server.close();
  if (accepted.status !== SocketStatus.Done) return 'accept failed';
  try {
    // #region data-input-stream
    const input = new DataInputStream(socket); // new DataInputStream(socket.getInputStream())
    const output = new DataOutputStream(socket); // new DataOutputStream(socket.getOutputStream())
    const id = await input.readInt(); // in.readInt()
    const name = await input.readUTF(); // in.readUTF()
    const score = await input.readDouble(); // in.readDouble(): big-endian, as Java's
    if (id.status !== SocketStatus.Done || name.status !== SocketStatus.Done || score.status !== SocketStatus.Done) {
      return 'the client left early'; // where Java throws EOFException or IOException
    }
    await output.writeUTF(`hello ${name.value}`); // out.writeUTF(…); out.flush() has nothing to do
    // #endregion data-input-stream
    // #region until-the-end
    let more = 0;
    for (;;) {
      const next = await input.readDouble();
      if (next.status === SocketStatus.Done) more += next.value;
      else if (next.status === SocketStatus.Disconnected) break; // catch (EOFException e): the client closed
      else return `failed: ${next.error?.message ?? next.status}`;
    }
    // #endregion until-the-end
    return { id: id.value, name: name.value, score: score.value, more };
  } finally {
    socket.close();
  }
}

/**
 * The client: writes an id, a name and a score, reads the greeting, sends two more scores and
 * closes.
 *
 * @param port - the server's port on 127.0.0.1.
 * @returns the greeting, or why there is none.
 */
export async function dataStreamClient(port: number): Promise<string> {
  const socket = new TcpSocket();
  if ((await socket.connect(IpAddress.LocalHost, port, 2000)).status !== SocketStatus.Done) return 'connect failed';
  // #region data-output-stream
  const output = new DataOutputStream(socket);
  await output.writeInt(42); // out.writeInt(42)
  await output.writeUTF('Alice'); // out.writeUTF("Alice")
  const sent = await output.writeDouble(97.5); // out.writeDouble(97.5): not Packet.writeDouble, which is little-endian
  if (sent.status !== SocketStatus.Done) return `not sent: ${sent.status}`;
  const greeting = await new DataInputStream(socket).readUTF(); // in.readUTF()
  // #endregion data-output-stream
  await output.writeDouble(1.25);
  await output.writeDouble(2.5);
  socket.shutdownOutput();
  return greeting.status === SocketStatus.Done ? greeting.value : `no greeting: ${greeting.status}`;
}
