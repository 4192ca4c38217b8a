import { createServer } from 'node:https';
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { wsClient, wsListener } from './wsFixtures.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

const it = hasOpenssl() || process.env.CI === 'true' ? test : test.skip;

it("wss:// on the application's own HTTPS server: a verified client exchanges packets, an unverified one is refused", async (t) => {
  const pki = makePki();
  t.teardown(() => pki.remove());
  const web = createServer({ cert: pki.serverCert, key: pki.serverKey }, (_request, response) => response.end('pages'));
  t.teardown(() => web.close());
  const listener = await wsListener(t, {}, { server: web, path: '/play' });
  const client = wsClient(t, {}, { path: '/play', tls: { client: { ca: pki.ca } } });
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  await client.send(new Packet().writeString('over wss'));
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'over wss');
  // Both ends report what the handshake negotiated, as a plain TLS socket does.
  const clientInfo = client.getTlsInfo();
  t.is(clientInfo?.protocol, 'TLSv1.3');
  t.is(clientInfo?.peerCertificate?.subject, 'localhost');
  t.is(clientInfo?.peerCertificate?.issuer, 'sfnet test CA');
  t.true(clientInfo?.authorized);
  t.is(server.getTlsInfo()?.protocol, 'TLSv1.3');
  t.is(server.getCurrentCiphersuiteName(), clientInfo?.cipher ?? 'none');
  t.regex(server.getCurrentCiphersuiteName() ?? '', /^TLS_/);
  t.is(server.getTlsInfo()?.peerCertificate, null, 'the client showed no certificate');
  // Without the CA the certificate is not trusted: no connection, nothing accepted.
  const stranger = wsClient(t, {}, { path: '/play', tls: { client: {} } });
  const refused = await stranger.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000);
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.error?.kind, 'CertificateUntrusted');
});

it('wss:// with the TLS options (a server the transport starts): both ends report the TLS info', async (t) => {
  const pki = makePki();
  t.teardown(() => pki.remove());
  const listener = await wsListener(t, {}, { tls: { server: { certChain: pki.serverCert, key: pki.serverKey } } });
  const client = wsClient(t, {}, { tls: { client: { ca: pki.ca } } });
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  const info = client.getTlsInfo();
  t.is(info?.protocol, 'TLSv1.3');
  t.is(info?.peerCertificate?.subject, 'localhost');
  t.regex(info?.peerCertificate?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  t.is(server.getTlsInfo()?.cipher, info?.cipher);
  // Still reported after the peer has gone (read from the handshake, not from the open socket).
  client.disconnect();
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
  t.is(server.getTlsInfo()?.protocol, 'TLSv1.3');
});

it('wss://: blocking sends held back by a small sendBufferSize wake through the TLS socket (afterWrites), in order', async (t) => {
  const pki = makePki();
  t.teardown(() => pki.remove());
  const listener = await wsListener(t, {}, { tls: { server: { certChain: pki.serverCert, key: pki.serverKey } } });
  // The client holds at most 1 KiB before it pauses, so the server's output fills up and waits.
  const client = wsClient(t, { limits: { receiveBufferSize: 1024 } }, { tls: { client: { ca: pki.ca } } });
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  server.setSendBufferSize(2048);
  const count = 1500;
  const sends = Array.from({ length: count }, (_, i) => server.send(new Packet().append(new Uint8Array(10_000).fill(i & 0xff))));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const received = new Packet();
  for (let i = 0; i < count; i++) {
    t.is((await client.receive(received)).status, SocketStatus.Done);
    if (received.getDataSize() !== 10_000 || received.getData()[0] !== (i & 0xff)) t.fail(`message ${i} out of order or cut`);
  }
  t.true((await Promise.all(sends)).every((result) => result.status === SocketStatus.Done));
});
