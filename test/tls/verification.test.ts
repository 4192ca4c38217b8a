import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import type { SocketErrorKind } from '../../src/core/SocketError.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { PolicySecurityManager } from '../../src/security/PolicySecurityManager.js';
import { SecurityError } from '../../src/security/SecurityError.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import type { TlsClientOptions, TlsServerOptions } from '../../src/transport/TlsOptions.js';
import { suitePki } from '../helpers/certificates.js';

const { it, ready } = suitePki();

/** A TLS listener with `server` options on 127.0.0.1, accepting in the background; returns its port and what it accepted. */
async function tlsServer(t: ExecutionContext, server: TlsServerOptions): Promise<{ port: number; accepted: TcpSocket[] }> {
  const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server }) });
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const accepted: TcpSocket[] = [];
  t.teardown(() => {
    listener.close();
    for (const socket of accepted) socket.disconnect();
  });
  void (async () => {
    while (listener.isListening()) {
      const socket = new TcpSocket();
      if ((await listener.accept(socket)).status !== SocketStatus.Done) return;
      accepted.push(socket);
    }
  })();
  return { port: listener.getLocalPort(), accepted };
}

function tlsClient(t: ExecutionContext, client: TlsClientOptions, options = {}): TcpSocket {
  const socket = new TcpSocket({ streamTransport: new NodeTlsTransport({ client }), ...options });
  t.teardown(() => socket.disconnect());
  return socket;
}

const serverOptions = (): TlsServerOptions => ({ certChain: ready().serverCert, key: ready().serverKey });

it('a verified connection carries packets both ways', async (t) => {
  const { port, accepted } = await tlsServer(t, serverOptions());
  const client = tlsClient(t, { ca: ready().ca });
  t.is((await client.connect('localhost', port)).status, SocketStatus.Done);
  const info = client.getTlsInfo();
  t.is(info?.protocol, 'TLSv1.3');
  t.truthy(info?.cipher);
  t.true(info?.authorized);
  t.is(info?.peerCertificate?.subject, 'localhost');
  t.is(info?.peerCertificate?.issuer, 'sfnet test CA');
  t.is(new TcpSocket().getTlsInfo(), null);
  await client.send(new Packet().writeString('over TLS'));
  while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const packet = new Packet();
  t.is((await (accepted[0] as TcpSocket).receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'over TLS');
});

const failures: ReadonlyArray<readonly [string, () => TlsServerOptions, () => TlsClientOptions, string, SocketErrorKind]> = [
  ['an unknown CA', () => ({ certChain: ready().strangerCert, key: ready().strangerKey }), () => ({ ca: ready().ca }), 'localhost', 'CertificateUntrusted'],
  ['no trusted CA given (the system list does not hold the test CA)', serverOptions, () => ({}), 'localhost', 'CertificateUntrusted'],
  ['an expired certificate', () => ({ certChain: ready().expiredCert, key: ready().expiredKey }), () => ({ ca: ready().ca }), 'localhost', 'CertificateExpired'],
  ['a host name the certificate does not name', serverOptions, () => ({ ca: ready().ca, serverName: 'game.example' }), 'localhost', 'HostnameMismatch'],
  ['a TLS 1.3 client against a TLS 1.2-only server', () => ({ ...serverOptions(), maxVersion: 'TLSv1.2' }) as TlsServerOptions, () => ({ ca: ready().ca, minVersion: 'TLSv1.3' }), 'localhost', 'TlsProtocol'],
];

for (const [what, server, client, host, kind] of failures) {
  it(`${what} fails the handshake with kind ${kind}, and nothing is handed out`, async (t) => {
    const listening = await tlsServer(t, server());
    const socket = tlsClient(t, client());
    const result = await socket.connect(host, listening.port, 5000);
    t.is(result.status, SocketStatus.Error);
    t.is(result.error?.kind, kind, String(result.error));
    t.false(socket.isConnected());
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.is(listening.accepted.length, 0);
  });
}

it('verification turned off (dangerous) connects to a certificate nobody trusts', async (t) => {
  const { port } = await tlsServer(t, { certChain: ready().strangerCert, key: ready().strangerKey });
  const socket = tlsClient(t, { verifyPeer: false });
  t.is((await socket.connect('localhost', port)).status, SocketStatus.Done);
});

it('a plaintext server is a TlsProtocol error, and it sees only a ClientHello: no plaintext fallback', async (t) => {
  const seen: Buffer[] = [];
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      // Answers what it got (the client's first flight) in plaintext, as a web server would.
      if (seen.push(chunk) === 1) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const socket = tlsClient(t, { ca: ready().ca });
  const result = await socket.connect('localhost', (server.address() as net.AddressInfo).port, 5000);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'TlsProtocol', String(result.error));
  const bytes = Buffer.concat(seen);
  t.is(bytes[0], 0x16, 'a TLS handshake record');
  t.is(bytes[5], 0x01, 'a ClientHello');
});

it('checkConnect is asked before the first byte: a denied TLS connect opens nothing', async (t) => {
  const { port, accepted } = await tlsServer(t, serverOptions());
  let connections = 0;
  const socket = tlsClient(t, { ca: ready().ca }, { securityManager: new PolicySecurityManager({ connect: { deny: ['127.0.0.0/8', '::1'] } }) });
  const counting = net.createServer(() => connections++);
  t.teardown(() => counting.close());
  const result = await socket.connect('localhost', port);
  t.true(result.error instanceof SecurityError);
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is(accepted.length + connections, 0);
});

it('a server requiring a client certificate admits a client presenting one signed by its CA, and no other', async (t) => {
  const { port, accepted } = await tlsServer(t, { ...serverOptions(), clientCertificate: 'require', ca: ready().ca });
  const good = tlsClient(t, { ca: ready().ca, cert: ready().clientCert, key: ready().clientKey });
  t.is((await good.connect('localhost', port)).status, SocketStatus.Done);
  await good.send(new Packet().writeUint8(1));
  for (let i = 0; i < 200 && accepted.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  t.is(accepted.length, 1);
  t.is((accepted[0] as TcpSocket).getTlsInfo()?.peerCertificate?.subject, 'player one', 'the server sees the client certificate');
  const anonymous = tlsClient(t, { ca: ready().ca });
  const result = await anonymous.connect('localhost', port, 5000);
  // TLS 1.3 finishes the client's handshake before the server judges its certificate: the
  // refusal then arrives as the connection's first event instead of the connect's answer.
  if (result.status === SocketStatus.Done) t.not((await anonymous.receive(new Packet())).status, SocketStatus.Done);
  else t.is(result.status, SocketStatus.Error);
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is(accepted.length, 1, 'the anonymous client was never handed out');
});
