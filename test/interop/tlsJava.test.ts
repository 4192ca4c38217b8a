import { execFileSync } from 'node:child_process';
import test, { type ExecutionContext } from 'ava';
import { hasJava, startJavaSource } from './javaSource.js';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TlsStatus } from '../../src/core/TlsStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';

/**
 * The SDK against a real Java 17 SSLSocket / SSLServerSocket (test/interop/peers/JavaTlsPeer.java,
 * run by the JDK's source launcher), exchanging DataOutputStream frames.
 */

const pki = hasOpenssl() && hasJava ? makePki() : undefined;
test.after.always(() => pki?.remove());
const it = pki !== undefined || process.env.CI === 'true' ? test.serial : test.skip;
const ready = (): NonNullable<typeof pki> => {
  if (pki === undefined) throw new Error('openssl or a JDK is missing: .ci/run installs them');
  return pki;
};

it('Java SSLSocket (verifying localhost) → SDK TLS listener: DataOutputStream frames both ways', async (t) => {
  const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: { certChain: ready().serverCert, key: ready().serverKey } }) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const peer = startJavaSource(t, 'JavaTlsPeer.java', ['client', String(listener.getLocalPort()), ready().file('ca.pem')]);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readInt32(), 42);
  t.is(packet.readInt64(), -7n);
  await server.send(new Packet().writeInt32(99));
  t.regex(await peer.done, /^ok tls 99 TLSv1\.3$/m);
});

it('SDK TLS client → Java SSLServerSocket: a frame and its answer', async (t) => {
  execFileSync('openssl', ['pkcs12', '-export', '-in', ready().file('server.pem'), '-inkey', ready().file('server.key'), '-out', `${ready().dir}/server.p12`, '-passout', 'pass:sfnet-test'], { stdio: 'pipe' });
  const peer = startJavaSource(t, 'JavaTlsPeer.java', ['server', `${ready().dir}/server.p12`, 'sfnet-test']);
  const socket = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: ready().ca } }) });
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('localhost', await peer.port, 10_000)).status, SocketStatus.Done);
  await socket.send(new Packet().writeInt32(7));
  const reply = new Packet();
  t.is((await socket.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readInt32(), 8);
  t.regex(await peer.done, /^ok tls 7 TLSv1\.3$/m);
});

/** Receives one frame of ASCII bytes (the Java peer's plaintext STARTTLS / GO frames). */
async function receiveWord(socket: TcpSocket): Promise<string> {
  const packet = new Packet();
  if ((await socket.receive(packet)).status !== SocketStatus.Done) return '';
  return Buffer.from(packet.getData()).toString('ascii');
}

it('STARTTLS with Java as the client: a plaintext frame, then setupTlsServer under its SSLSocket upgrade', async (t) => {
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const peer = startJavaSource(t, 'JavaTlsPeer.java', ['starttls-client', String(listener.getLocalPort()), ready().file('ca.pem')]);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  t.is(await receiveWord(server), 'STARTTLS');
  t.is(server.getTlsInfo(), null);
  await server.send(new Packet().append(Buffer.from('GO')));
  t.is((await server.setupTlsServer({ certChain: ready().serverCert, key: ready().serverKey })).status, TlsStatus.HandshakeComplete);
  t.is(server.getTlsInfo()?.protocol, 'TLSv1.3');
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readInt32(), 42);
  await server.send(new Packet().writeInt32(43));
  t.regex(await peer.done, /^ok tls 43 TLSv1\.3$/m);
});

it('STARTTLS with Java as the server: setupTlsClient verifies its certificate after the plaintext exchange', async (t) => {
  execFileSync('openssl', ['pkcs12', '-export', '-in', ready().file('server.pem'), '-inkey', ready().file('server.key'), '-out', `${ready().dir}/starttls.p12`, '-passout', 'pass:sfnet-test'], { stdio: 'pipe' });
  const peer = startJavaSource(t, 'JavaTlsPeer.java', ['starttls-server', `${ready().dir}/starttls.p12`, 'sfnet-test']);
  const socket = new TcpSocket();
  t.teardown(() => socket.disconnect());
  t.is((await socket.connect('localhost', await peer.port, 10_000)).status, SocketStatus.Done);
  await socket.send(new Packet().append(Buffer.from('STARTTLS')));
  t.is(await receiveWord(socket), 'GO');
  const result = await socket.setupTlsClient('localhost', { ca: ready().ca });
  t.is(result.status, TlsStatus.HandshakeComplete, result.error?.message);
  t.is(socket.getTlsInfo()?.peerCertificate?.subject, 'localhost');
  await socket.send(new Packet().writeInt32(7));
  const reply = new Packet();
  t.is((await socket.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readInt32(), 8);
  t.regex(await peer.done, /^ok tls 7 TLSv1\.3$/m);
});
