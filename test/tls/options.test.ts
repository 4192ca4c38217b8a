/**
 * Issue #23's options over TLS: linger 0 closes a TLS connection (which has no bare RST) without
 * throwing, and the heartbeat runs over TLS as over plain TCP.
 */
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';

const pki = hasOpenssl() ? makePki() : undefined;
test.after.always(() => pki?.remove());
const it = pki === undefined && process.env.CI !== 'true' ? test.skip : test;

/** A TLS client and the server end it reached, both with `setup` applied before connecting. */
async function tlsPair(t: ExecutionContext, setup: (socket: TcpSocket) => void): Promise<{ client: TcpSocket; server: TcpSocket }> {
  if (pki === undefined) throw new Error('openssl is missing: .ci/run installs it');
  const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: { certChain: pki.serverCert, key: pki.serverKey } }) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const client = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: pki.ca } }) });
  const server = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    server.disconnect();
  });
  setup(client);
  setup(server);
  const [connected, accepted] = await Promise.all([client.connect('localhost', listener.getLocalPort()), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  return { client, server };
}

it('SO_LINGER 0 on a TLS connection closes it at once without throwing; the peer sees the end', async (t) => {
  const { client, server } = await tlsPair(t, () => undefined);
  client.setSoLinger(true, 0);
  t.notThrows(() => client.disconnect());
  const end = await server.receive(new Packet());
  t.true(end.status === SocketStatus.Disconnected || end.status === SocketStatus.Error, `ended with ${end.status}`);
});

it('the heartbeat keeps an idle TLS connection alive and is invisible to both ends', async (t) => {
  const { client, server } = await tlsPair(t, (socket) => socket.setHeartbeat(100, 200));
  server.setSoTimeout(700);
  const idle = await server.receive(new Packet());
  t.is(idle.status, SocketStatus.NotReady, 'no packet for 700 ms (more than twice 300 ms): heartbeats were filtered');
  t.is(idle.error?.kind, 'Timeout');
  t.is((await client.send(new Packet().writeString('alive'))).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'alive');
});
