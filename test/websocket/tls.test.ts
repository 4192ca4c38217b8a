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
  // Without the CA the certificate is not trusted: no connection, nothing accepted.
  const stranger = wsClient(t, {}, { path: '/play', tls: { client: {} } });
  const refused = await stranger.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000);
  t.is(refused.status, SocketStatus.Error);
  t.is(refused.error?.kind, 'CertificateUntrusted');
});
