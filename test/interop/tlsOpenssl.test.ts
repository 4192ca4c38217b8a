import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { hasOpenssl, makePki } from '../helpers/certificates.js';
import { frame } from '../helpers/loopback.js';

/**
 * The SDK against the real TLS programs: `openssl s_server` and `openssl s_client`, started here
 * on loopback with a PKI made now. Their stdin is what they send and their stdout what they
 * received, so SFML frames cross byte for byte.
 */

const pki = hasOpenssl() ? makePki() : undefined;
test.after.always(() => pki?.remove());
const it = pki === undefined ? (process.env.CI === 'true' ? test : test.skip) : test;
const ready = (): NonNullable<typeof pki> => {
  if (pki === undefined) throw new Error('openssl is missing: .ci/run installs it');
  return pki;
};

/** Runs an openssl command; stopped by PID in teardown. */
function openssl(t: ExecutionContext, args: readonly string[]): { child: ChildProcessWithoutNullStreams; stdout: () => Buffer; log: () => string } {
  const child = spawn('openssl', args, { stdio: 'pipe' });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.on('error', () => undefined);
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, 'SIGKILL');
  });
  return { child, stdout: () => Buffer.concat(out), log: () => err };
}

/** A port free now (listened on and released), for a program that cannot report the one it picked. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(done: () => boolean, what: string, log: () => string): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!done()) throw new Error(`timed out waiting for ${what}; openssl said:\n${log()}`);
}

it('SDK client ↔ openssl s_server: verified TLS 1.3, SFML frames both ways', async (t) => {
  const port = await freePort();
  const server = openssl(t, ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', ready().file('server.pem'), '-key', ready().file('server.key'), '-quiet', '-naccept', '1']);
  const socket = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: ready().ca } }) });
  t.teardown(() => socket.disconnect());
  let result = await socket.connect('localhost', port, 2000);
  for (let i = 0; i < 100 && result.status !== SocketStatus.Done; i++) {
    await new Promise((resolve) => setTimeout(resolve, 30)); // s_server is still starting
    result = await socket.connect('localhost', port, 2000);
  }
  t.is(result.status, SocketStatus.Done, String(result.error));
  const hello = new Packet().writeString('hello s_server').writeUint32(0xdeadbeef);
  await socket.send(hello);
  const expected = frame(new Uint8Array(hello.getData()));
  await until(() => server.stdout().length >= expected.length, 'the frame at s_server', server.log);
  t.true(server.stdout().equals(expected), 'the SFML frame, byte for byte');
  server.child.stdin.write(frame(new Packet().writeString('hello sfnet').writeInt16(-2).getData()));
  const reply = new Packet();
  t.is((await socket.receive(reply)).status, SocketStatus.Done);
  t.is(reply.readString(), 'hello sfnet');
  t.is(reply.readInt16(), -2);
});

it('openssl s_client (verifying, with a client certificate) ↔ SDK TLS listener: SFML frames both ways', async (t) => {
  const listener = new TcpListener({
    streamTransport: new NodeTlsTransport({ server: { certChain: ready().serverCert, key: ready().serverKey, clientCertificate: 'require', ca: ready().ca } }),
  });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const client = openssl(t, [
    's_client', '-connect', `127.0.0.1:${listener.getLocalPort()}`, '-servername', 'localhost', '-CAfile', ready().file('ca.pem'),
    '-verify_return_error', '-cert', ready().file('client.pem'), '-key', ready().file('client.key'), '-quiet',
  ]);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  const out = new Packet().writeString('hello s_client').writeFloat(1.5);
  t.is((await server.send(out)).status, SocketStatus.Done);
  const expected = frame(new Uint8Array(out.getData()));
  await until(() => client.stdout().length >= expected.length, 'the frame at s_client', client.log);
  t.true(client.stdout().equals(expected));
  client.child.stdin.write(frame(new Packet().writeString('from s_client').getData()));
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'from s_client');
});
