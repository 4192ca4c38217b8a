/**
 * TLS, Unix domain sockets and socket activation: the snippets of
 * `docs/guides/tls-and-local-sockets.md`, run by `test/docs/local.test.ts` with certificates made
 * at test time.
 *
 * @module
 */
import {
  IpAddress,
  NodeTlsTransport,
  Packet,
  SocketStatus,
  SystemdSockets,
  TcpListener,
  TcpSocket,
  TlsStatus,
  UnixSocketAddress,
} from '../../../src/index.js';

/** PEM text of a CA, a server certificate and its key. */
export interface Pems {
  readonly ca: string;
  readonly certChain: string;
  readonly key: string;
}

/**
 * A TLS server and a TLS client on loopback exchange one packet; returns what the client saw.
 *
 * @param pems - the certificates.
 * @returns the protocol, the server's name and the reply.
 */
export async function tlsRoundTrip(pems: Pems): Promise<{ protocol: string; server: string; reply: string }> {
  const { ca, certChain, key } = pems;
  // #region tls-server
  const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: { certChain, key } }) });
  await listener.listen(0, IpAddress.LocalHost);
  // #endregion tls-server
  const serving = (async () => {
    const client = new TcpSocket();
    if ((await listener.accept(client)).status !== SocketStatus.Done) return;
    const packet = new Packet();
    if ((await client.receive(packet)).status === SocketStatus.Done) await client.send(new Packet().writeString(`hello ${packet.readString()}`));
    client.disconnect();
  })();
  const port = listener.getLocalPort();
  // #region tls-client
  const socket = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca } }) });
  const { status, error } = await socket.connect('localhost', port);
  if (status !== SocketStatus.Done) throw new Error(`TLS refused: ${error?.kind}`); // e.g. 'CertificateUntrusted'
  const info = socket.getTlsInfo();
  console.log(info?.protocol, info?.cipher, info?.peerCertificate?.subject); // TLSv1.3 TLS_AES_256_GCM_SHA384 localhost
  // #endregion tls-client
  await socket.send(new Packet().writeString('player'));
  const reply = new Packet();
  await socket.receive(reply);
  socket.disconnect();
  await serving;
  listener.close();
  return { protocol: info?.protocol ?? '', server: info?.peerCertificate?.subject ?? '', reply: reply.readString() };
}

/**
 * STARTTLS as SFML 3.1 does it: a plain connection, one plaintext packet, then both ends upgrade
 * the connected sockets in place; returns the cipher suite and the encrypted reply.
 *
 * @param pems - the certificates.
 * @returns the client's cipher suite and the reply it got over TLS.
 */
export async function startTlsRoundTrip(pems: Pems): Promise<{ cipher: string; reply: string }> {
  const { ca, certChain, key } = pems;
  const listener = new TcpListener();
  await listener.listen(0, IpAddress.LocalHost);
  const serving = (async () => {
    const client = new TcpSocket();
    if ((await listener.accept(client)).status !== SocketStatus.Done) return;
    // #region starttls-server
    const request = new Packet();
    if ((await client.receive(request)).status === SocketStatus.Done && request.readString() === 'STARTTLS') {
      const { status } = await client.setupTlsServer({ certChain, key });
      if (status === TlsStatus.HandshakeComplete) await client.send(new Packet().writeString('secret welcome'));
    }
    // #endregion starttls-server
    client.disconnect();
  })();
  const socket = new TcpSocket();
  await socket.connect('localhost', listener.getLocalPort());
  // #region starttls-client
  await socket.send(new Packet().writeString('STARTTLS')); // in plaintext
  const { status, error } = await socket.setupTlsClient('localhost', { ca });
  if (status !== TlsStatus.HandshakeComplete) throw new Error(`no TLS: ${error?.kind}`);
  console.log(socket.getCurrentCiphersuiteName()); // TLS_AES_256_GCM_SHA384: from here on, encrypted
  // #endregion starttls-client
  const reply = new Packet();
  await socket.receive(reply);
  const cipher = socket.getCurrentCiphersuiteName() ?? '';
  socket.disconnect();
  await serving;
  listener.close();
  return { cipher, reply: reply.readString() };
}

/**
 * A server and a client on a Unix domain socket at `file`; returns the reply.
 *
 * @param file - a path for the socket file.
 * @returns the reply the client got.
 */
export async function unixRoundTrip(file: string): Promise<string> {
  // #region unix
  const address = UnixSocketAddress.of(file); // or UnixSocketAddress.abstract('my-game')
  const listener = new TcpListener();
  await listener.listen(address, { mode: 0o660 }); // a stale file from a crashed run is replaced
  const client = new TcpSocket();
  await client.connect(address);
  // #endregion unix
  const server = new TcpSocket();
  await listener.accept(server);
  await server.send(new Packet().writeString('local hello'));
  const reply = new Packet();
  await client.receive(reply);
  client.disconnect();
  server.disconnect();
  listener.close(); // removes the socket file
  return reply.readString();
}

/**
 * Listens on the socket systemd passed, or on `fallbackPort` when started by hand.
 *
 * @param fallbackPort - the port to listen on without socket activation.
 * @returns the listener.
 */
export async function activatedListener(fallbackPort: number): Promise<TcpListener> {
  // #region activation
  const listener = new TcpListener();
  const [inherited] = SystemdSockets.listeners(); // from LISTEN_FDS, for this process only
  const result = inherited !== undefined ? await listener.listen(inherited) : await listener.listen(fallbackPort);
  if (result.status !== SocketStatus.Done) throw new Error(`cannot listen: ${result.error?.message}`);
  // #endregion activation
  return listener;
}
