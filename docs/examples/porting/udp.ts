/**
 * UDP as SFML's tutorial and java.net's `DatagramSocket` use it: bind, send raw bytes or a
 * packet to an address and port, receive one datagram with its sender, reply.
 * `test/docs/porting.test.ts` runs it over loopback.
 *
 * @module
 */
import { IpAddress, Packet, SocketStatus, UdpSocket } from '../../../src/index.js';

/**
 * Binds a UDP socket on 127.0.0.1 (any free port), tells `onBound` the port, receives one raw
 * datagram and one packet, and answers each to its sender.
 *
 * @param onBound - called with the port once bound.
 * @returns the raw text, the packet's string and the raw sender's port, or `null` on failure.
 */
export async function udpServer(onBound: (port: number) => void): Promise<{ raw: string; packet: string; senderPort: number } | null> {
  // #region udp-bind
  const socket = new UdpSocket(); // Java: new DatagramSocket(54000, InetAddress.getLoopbackAddress())
  if ((await socket.bind(0, IpAddress.LocalHost)).status !== SocketStatus.Done) return null; // SFML: socket.bind(54000)
  onBound(socket.getLocalPort());
  // #endregion udp-bind
  try {
    // #region udp-receive
    const { status, data, address, port } = await socket.receive(100); // SFML: receive(data, 100, received, sender, port)
    if (status !== SocketStatus.Done || address === null) return null;
    const raw = new TextDecoder().decode(data);
    await socket.send(new TextEncoder().encode(`got ${raw}`), address, port); // reply to the sender
    // #endregion udp-receive
    // #region udp-receive-packet
    const packet = new Packet();
    const from = await socket.receive(packet); // one datagram = one packet, no size prefix
    if (from.status !== SocketStatus.Done || from.address === null) return null;
    const text = packet.readString();
    await socket.send(new Packet().writeString(text.toUpperCase()), from.address, from.port);
    // #endregion udp-receive-packet
    return { raw, packet: text, senderPort: port };
  } finally {
    await socket.unbind();
  }
}

/**
 * Sends a raw datagram to 127.0.0.1:`port` from an unbound socket, then connects to it and
 * sends a packet, and reads the two replies.
 *
 * @param port - the server's port.
 * @returns the replies and the port the client was bound to implicitly.
 */
export async function udpClient(port: number): Promise<{ raw: string; packet: string; localPort: number }> {
  // #region udp-send
  const socket = new UdpSocket(); // no bind needed: the first send binds a free port
  const recipient = IpAddress.LocalHost;
  const sent = await socket.send(new TextEncoder().encode('ping'), recipient, port); // SFML: send(data, 4, recipient, port)
  if (sent.status !== SocketStatus.Done) console.error('send failed:', sent.error?.kind);
  // #endregion udp-send
  try {
    const reply = await socket.receive(UdpSocket.MaxDatagramSize);
    // #region udp-connect
    // Java: socket.connect(address, port); SFML's UdpSocket has no connect
    if ((await socket.connect(recipient, port)).status !== SocketStatus.Done) throw new Error('connect refused');
    await socket.send(new Packet().writeString('hello')); // to the peer; only the peer is heard now
    // #endregion udp-connect
    const packet = new Packet();
    await socket.receive(packet);
    return { raw: new TextDecoder().decode(reply.data), packet: packet.readString(), localPort: socket.getLocalPort() };
  } finally {
    await socket.close(); // Java's name for unbind
  }
}
