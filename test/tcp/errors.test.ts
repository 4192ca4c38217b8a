import { spawn } from 'node:child_process';
import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketError } from '../../src/core/SocketError.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { HOSTS, acceptRaw, connectedPair, frame, listening, sleep } from '../helpers/loopback.js';

const closedPort = async (t: Parameters<typeof listening>[0], host: string): Promise<number> => {
  const listener = await listening(t, host);
  const port = listener.getLocalPort();
  await listener.close();
  return port;
};

const refused = test.macro({
  exec: async (t, host: string) => {
  const port = await closedPort(t, host);
  const result = await new TcpSocket().connect(IpAddress.parse(host), port);
  t.is(result.status, SocketStatus.Error);
  t.true(SocketError.is(result.error));
  t.is(result.error?.kind, 'Refused');
  t.is(result.error?.code, 'ECONNREFUSED');
  t.is(result.error?.syscall, 'connect');
  },
  title: (_, host) => `a refused connect over ${host} is an Error carrying ECONNREFUSED`,
});
for (const host of HOSTS) test(refused, host);

test('a peer that closes is Disconnected, after everything it sent was delivered', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  raw.end(Buffer.concat([frame(Buffer.from('last words')), Buffer.from('tail')]));
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(Buffer.from(packet.getData()).toString(), 'last words');
  const tail = await server.receive(100);
  t.deepEqual(Buffer.from(tail.data).toString(), 'tail');
  t.is((await server.receive(100)).status, SocketStatus.Disconnected);
  t.is((await server.receive(packet)).status, SocketStatus.Disconnected, 'and it stays Disconnected');
});

test('a reset mid-packet is an Error with ECONNRESET once, then Disconnected; never half a packet', async (t) => {
  const listener = await listening(t);
  const { raw, server } = await acceptRaw(t, listener);
  raw.write(frame(Buffer.alloc(100)).subarray(0, 50));
  await sleep(20);
  raw.resetAndDestroy();
  const result = await server.receive(new Packet());
  // libuv reports a reset that arrives in the same poll as data as a plain end of stream
  // (see docs/reliability.md): then the socket answers Disconnected straight away.
  if (result.status === SocketStatus.Error) {
    t.is(result.error?.kind, 'Reset');
    t.is(result.error?.code, 'ECONNRESET');
  } else {
    t.is(result.status, SocketStatus.Disconnected);
  }
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
  if (result.status === SocketStatus.Disconnected) {
    // Only the end of stream has been seen so far, and writing after a peer's FIN is allowed:
    // sends may be Done until the reset closes the socket. Then one reports the failure (or
    // Disconnected), and every later one Disconnected.
    let sent = await server.send(new Uint8Array(1));
    for (let tries = 0; sent.status === SocketStatus.Done && tries < 100; tries++) {
      await sleep(10);
      sent = await server.send(new Uint8Array(1));
    }
    if (sent.status === SocketStatus.Error) t.true(['ECONNRESET', 'EPIPE'].includes(sent.error?.code ?? ''), `send failed with ${sent.error?.code}`);
    else t.is(sent.status, SocketStatus.Disconnected);
  }
  t.is((await server.send(new Uint8Array(1))).status, SocketStatus.Disconnected);
});

test('a blocking receive waiting when the socket is disconnected locally settles Disconnected', async (t) => {
  const { server } = await connectedPair(t);
  const waiting = server.receive(new Packet());
  server.disconnect();
  t.is((await waiting).status, SocketStatus.Disconnected);
});

test('the receive timeout answers NotReady with a Timeout error and leaves the socket usable', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setSoTimeout(50);
  const result = await server.receive(new Packet());
  t.is(result.status, SocketStatus.NotReady);
  t.is(result.error?.kind, 'Timeout');
  await client.send(new Packet().writeString('late'));
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readString(), 'late');
});

test('among receives waiting together, the one that times out leaves and the others keep their order', async (t) => {
  const { client, server } = await connectedPair(t);
  server.setSoTimeout(50);
  const first = server.receive(new Packet()); // times out while first in line
  server.setSoTimeout(0);
  const secondPacket = new Packet();
  const second = server.receive(secondPacket); // moves up, waits on
  server.setSoTimeout(50);
  const third = server.receive(new Packet()); // times out behind the second
  t.is((await first).error?.kind, 'Timeout');
  t.is((await third).error?.kind, 'Timeout');
  await client.send(new Packet().writeString('for the second'));
  t.is((await second).status, SocketStatus.Done);
  t.is(secondPacket.readString(), 'for the second');
});

test('shutdownOutput half-closes: the peer sees Disconnected, the other direction still works', async (t) => {
  const { client, server } = await connectedPair(t);
  await client.send(new Packet().writeString('request'));
  client.shutdownOutput();
  t.true(client.isOutputShutdown());
  const request = new Packet();
  t.is((await server.receive(request)).status, SocketStatus.Done);
  t.is((await server.receive(new Packet())).status, SocketStatus.Disconnected);
  await server.send(new Packet().writeString('response'));
  const response = new Packet();
  t.is((await client.receive(response)).status, SocketStatus.Done);
  t.is(response.readString(), 'response');
  await t.throwsAsync(() => client.send(new Uint8Array(1)), { instanceOf: TypeError, message: /shut down/ });
});

test('connect gives up after its timeout against a listener whose backlog is full', async (t) => {
  // A listener that never accepts, with its backlog filled: the kernel drops further SYNs.
  const child = spawn('python3', ['-c', [
    'import socket, sys, time',
    's = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)',
    'print(s.getsockname()[1], flush=True)',
    'time.sleep(30)',
  ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.teardown(() => child.kill());
  const port = Number(await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
  const fillers: TcpSocket[] = [];
  t.teardown(() => fillers.forEach((s) => s.disconnect()));
  let result = await new TcpSocket().connect(IpAddress.LocalHost, port, 300);
  for (let i = 0; i < 8 && result.status === SocketStatus.Done; i++) {
    const filler = new TcpSocket();
    fillers.push(filler);
    result = await filler.connect(IpAddress.LocalHost, port, 300);
  }
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Timeout');
  t.is(result.error?.code, 'ETIMEDOUT');
});

test('connect to a name with no address is an Error of kind Resolve, and opens nothing', async (t) => {
  const socket = new TcpSocket({ resolver: { lookup: async () => [] } });
  const result = await socket.connect('nowhere.test', 80);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Resolve');
  t.false(socket.isConnected());
});

test('a failing resolver is an Error of kind Resolve', async (t) => {
  const socket = new TcpSocket({
    resolver: { lookup: () => Promise.reject(new SocketError('Resolve', 'directory down', { code: 'EAI_AGAIN' })) },
  });
  const result = await socket.connect('game.test', 80);
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.code, 'EAI_AGAIN');
});

test('misuse throws TypeError or RangeError with the method named', async (t) => {
  const socket = new TcpSocket();
  await t.throwsAsync(() => socket.send(new Uint8Array(1)), { instanceOf: TypeError, message: /TcpSocket.send: the socket is not connected/ });
  await t.throwsAsync(() => socket.receive(10), { instanceOf: TypeError, message: /not connected/ });
  t.throws(() => socket.shutdownOutput(), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, 0), { instanceOf: RangeError, message: /port 0/ });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, 70000), { instanceOf: RangeError });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, 1.5), { instanceOf: RangeError });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, Number.NaN), { instanceOf: RangeError });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, '80' as unknown as number), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.connect(42 as unknown as string, 80), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.connect('', 80), { instanceOf: TypeError });
  await t.throwsAsync(() => socket.connect(IpAddress.LocalHost, 80, -1), { instanceOf: RangeError });
  t.throws(() => socket.setBlocking('yes' as unknown as boolean), { instanceOf: TypeError });
  t.throws(() => socket.setSoTimeout(Number.POSITIVE_INFINITY), { instanceOf: RangeError });
  t.throws(() => socket.setMaxPacketSize(-1), { instanceOf: RangeError });
  const { client } = await connectedPair(t);
  await t.throwsAsync(() => client.send('text' as unknown as Uint8Array), { instanceOf: TypeError });
  await t.throwsAsync(() => client.receive(0), { instanceOf: RangeError });
  await t.throwsAsync(() => client.receive(-5), { instanceOf: RangeError });
  client.disconnect();
  await t.throwsAsync(() => client.receive(new Packet()), { instanceOf: TypeError, message: /closed/ });
  await t.throwsAsync(() => client.send(new Packet()), { instanceOf: TypeError, message: /closed/ });
});
