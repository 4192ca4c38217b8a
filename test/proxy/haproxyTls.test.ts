import { writeFileSync } from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { ProxyProtocolTransport } from '../../src/proxy/ProxyProtocolTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { acceptWithin } from './accepting.js';
import { freePort, hasHaproxy, startHaproxy } from './haproxy.js';

// PROXY with TLS, the way the deployment guide recommends: HAProxy terminates TLS and passes
// what the client negotiated in v2 TLVs (ALPN, authority, SSL with its sub-TLVs, unique id,
// CRC32C); the worker reads plain TCP.
const ready = hasHaproxy && hasOpenssl();
const it = ready || process.env.CI === 'true' ? test.serial : test.skip;

it('HAProxy terminating TLS: ALPN, SNI, the client certificate CN, TLS version and cipher, a unique id and a CRC32C arrive as TLVs', async (t) => {
  if (!ready) return t.fail('haproxy or openssl is missing: .ci/run installs them');
  const pki = makePki();
  t.teardown(() => pki.remove());
  const bundle = path.join(pki.dir, 'haproxy.pem');
  writeFileSync(bundle, `${pki.serverCert}${pki.serverKey}`);
  const listener = new TcpListener({ streamTransport: new ProxyProtocolTransport(new NodeStreamTransport(), { trustedProxies: ['127.0.0.1'] }) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const front = await freePort();
  await startHaproxy(
    t,
    [
      'global',
      '  maxconn 100',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 10s',
      '  timeout server 10s',
      'frontend tls',
      `  bind 127.0.0.1:${front} ssl crt ${bundle} ca-file ${pki.file('ca.pem')} verify optional alpn game/1`,
      '  unique-id-format %{+X}o%ci%cp',
      '  default_backend workers',
      'backend workers',
      `  server s1 127.0.0.1:${listener.getLocalPort()} send-proxy-v2 proxy-v2-options ssl,cert-cn,ssl-cipher,authority,unique-id,crc32c`,
      '',
    ].join('\n'),
  );
  const client = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey, alpn: ['game/1'] } }) });
  t.teardown(() => client.disconnect());
  const connected = await client.connect('localhost', front, 5000);
  t.is(connected.status, SocketStatus.Done, connected.error?.message);
  t.is(client.getTlsInfo()?.alpnProtocol, 'game/1');
  await client.send(new Packet().writeString('over TLS, then plain'));
  const server = await acceptWithin(t, listener, 5000);
  if (server === null) return t.fail('not accepted');
  t.is(server.getTlsInfo(), null, 'the worker reads plain TCP');
  t.is(server.getRemotePort(), client.getLocalPort());
  const info = server.getProxyInfo();
  t.is(info?.alpn, 'game/1');
  t.is(info?.authority, 'localhost');
  t.true(info?.checksummed, 'HAProxy sent a CRC32C and it matched');
  t.true((info?.uniqueId?.length ?? 0) > 0, 'a unique id');
  t.like(info?.ssl, { clientTls: true, certificateInConnection: true, verified: true, commonName: 'player one', version: client.getTlsInfo()?.protocol });
  t.truthy(info?.ssl?.cipher);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'over TLS, then plain');
});
