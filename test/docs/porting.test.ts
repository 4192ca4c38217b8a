import 'reflect-metadata';
import test from 'ava';
import { auditedConnect, connectThroughFixedResolver, containerSocket, withoutContainer } from '../../docs/examples/porting/di.js';
import { GameServer, runLoop } from '../../docs/examples/porting/game-loop.js';
import { javaStyleClient, javaStyleServer, LoopbackOnlyManager, connectOutside, timedOutReceive } from '../../docs/examples/porting/java.js';
import { connectWithoutBlocking, echoInBatches, pollEachTick, pollForPacket, selectorTick, sendAll, sleep } from '../../docs/examples/porting/nonblocking.js';
import { GamePacket, XorPacket, layoutRoundTrip, makeZipPacket, readCharacter, roundTrip, writeCharacter } from '../../docs/examples/porting/packets.js';
import { policyAtWork, wouldAccept } from '../../docs/examples/porting/security.js';
import { serveWithSelector } from '../../docs/examples/porting/selector.js';
import { runClient, runServer } from '../../docs/examples/porting/tcp.js';
import { udpClient, udpServer } from '../../docs/examples/porting/udp.js';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { ZipPacket } from '../../src/packet/ZipPacket.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { connectedPair, listening, receiveText, sendText } from '../helpers/loopback.js';

/** Runs a server example and a client example against each other. */
async function serverAndClient<S, C>(server: (onListening: (port: number) => void) => Promise<S>, client: (port: number) => Promise<C>): Promise<[S, C]> {
  let clientDone: Promise<C> | undefined;
  const served = await server((port) => {
    clientDone = client(port);
  });
  if (clientDone === undefined) throw new Error('the server never listened');
  return [served, await clientDone];
}

test('SFML TCP: listen, accept, connect, raw bytes, packets and the non-blocking switch', async (t) => {
  const [server, client] = await serverAndClient(runServer, runClient);
  t.deepEqual(server, {
    greeting: 'hi, I am a client',
    packet: { id: 7, name: 'player-7', speed: 2.5 },
    idleStatus: SocketStatus.NotReady,
  });
  t.deepEqual(client, { raw: 'welcome', reply: 'hello player-7' });
});

test('SFML UDP / Java DatagramSocket: bind, implicit bind on first send, datagrams with their sender', async (t) => {
  const [server, client] = await serverAndClient(udpServer, udpClient);
  t.deepEqual(server, { raw: 'ping', packet: 'hello', senderPort: client.localPort });
  t.is(client.raw, 'got ping');
  t.is(client.packet, 'HELLO');
});

test('SFML selector server: accepts three clients and receives one packet from each', async (t) => {
  const listener = await listening(t);
  const clients = ['a', 'b', 'c'].map(() => new TcpSocket());
  t.teardown(() => clients.forEach((client) => client.disconnect()));
  const served = serveWithSelector(listener, 3);
  for (const [i, client] of clients.entries()) {
    t.is((await client.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.Done);
    await sendText(t, client, `client ${i}`);
  }
  t.deepEqual((await served).sort(), ['client 0', 'client 1', 'client 2']);
});

test('SFML packets: primitives, a custom type by functions and by subclass', (t) => {
  t.deepEqual(roundTrip(), { x: 10, s: 'hello', d: 0.6, valid: true });
  const hero = { age: 30, name: 'Ada', weight: 60.5 };
  t.deepEqual(readCharacter(writeCharacter(new Packet(), hero)), hero);
  t.deepEqual(new GamePacket().writeCharacter(hero).readCharacter(), hero);
  const short = writeCharacter(new Packet(), hero);
  short.readUint8();
  short.readString();
  short.readFloat();
  short.readUint8(); // one read too many
  t.false(short.isValid());
  const reused = { age: 0, name: '', weight: 0 };
  const { bytes, valid } = layoutRoundTrip(hero, reused);
  t.deepEqual([...bytes], [...writeCharacter(new Packet(), hero).getData()]);
  t.deepEqual({ reused, valid }, { reused: hero, valid: true });
});

test('SFML onSend/onReceive: XorPacket and ZipPacket travel over loopback and read back', async (t) => {
  const { client, server } = await connectedPair(t);
  await client.send(new XorPacket().writeString('secret'));
  const plain = new Packet();
  await server.receive(plain);
  t.not(plain.readString(), 'secret', 'the wire bytes are transformed');
  await client.send(new XorPacket().writeString('secret'));
  const xor = new XorPacket();
  t.is((await server.receive(xor)).status, SocketStatus.Done);
  t.is(xor.readString(), 'secret');
  const long = 'hello '.repeat(1000);
  await client.send(makeZipPacket(long));
  const zip = new ZipPacket();
  t.is((await server.receive(zip)).status, SocketStatus.Done);
  t.is(zip.readString(), long);
});

test('Java: ServerSocket/Socket with DataOutputStream and DataInputStream layouts', async (t) => {
  const [server, client] = await serverAndClient(javaStyleServer, javaStyleClient);
  t.deepEqual(server, { id: 42, name: 'Alice', score: 97.5 });
  t.is(client, 'hello Alice');
});

test('Java: setSoTimeout makes a receive report NotReady with a Timeout error', async (t) => {
  const { client } = await connectedPair(t);
  t.deepEqual(await timedOutReceive(client), { status: SocketStatus.NotReady, kind: 'Timeout' });
  t.true(client.isConnected());
});

test('Java: an injected SecurityManager denies where Java throws SecurityException', async (t) => {
  t.is(await connectOutside(), 'denied: connect 192.0.2.1');
  const manager = new LoopbackOnlyManager();
  t.throws(() => manager.checkListen(80, IpAddress.Any), { instanceOf: Error, message: /no privileged ports/ });
  t.notThrows(() => manager.checkAccept(IpAddress.LocalHostV6, 50000));
});

test('non-blocking: polling a receive, finishing a large send, connecting without blocking', async (t) => {
  const { listener, client, server } = await connectedPair(t, '127.0.0.1', { limits: { sendBufferSize: 16 * 1024 } });
  const polled = pollForPacket(server, 10_000);
  await sendText(t, client, 'late');
  t.is((await polled)?.text, 'late');
  const big = new Packet().writeString('x'.repeat(1024 * 1024));
  server.setBlocking(true);
  const receiving = receiveText(t, server);
  const sent = await sendAll(client, big, 100_000);
  t.is(sent.status, SocketStatus.Done);
  t.is((await receiving).length, 1024 * 1024);
  const accepted = new TcpSocket();
  t.teardown(() => accepted.disconnect());
  const [connected] = await Promise.all([connectWithoutBlocking(listener.getLocalPort(), 100_000), listener.accept(accepted)]);
  t.teardown(() => connected?.disconnect());
  t.true(connected?.isConnected());
});

test('game loop: ticks accept players, apply their moves and broadcast the state', async (t) => {
  const game = new GameServer();
  t.teardown(() => game.stop());
  t.true(await game.start());
  const player = new TcpSocket();
  t.teardown(() => player.disconnect());
  t.is((await player.connect(IpAddress.LocalHost, game.listener.getLocalPort())).status, SocketStatus.Done);
  await player.send(new Packet().writeInt8(3).writeInt8(-2));
  await player.send(new Packet().writeInt8(1).writeInt8(1));
  const state = new Packet();
  for (let tick = 0; tick < 200; tick++) {
    await runLoop(game, 1, 5);
    await player.receive(state);
    if (state.readUint16() === 1 && state.readInt32() === 4 && state.readInt32() === -1) break;
  }
  t.deepEqual([...game.players.values()], [{ x: 4, y: -1 }]);
});

test('dependency injection: container limits, a rebound resolver, a custom manager, plain new', async (t) => {
  t.is(containerSocket(), 64 * 1024);
  const listener = await listening(t);
  const accepted = new TcpSocket();
  t.teardown(() => accepted.disconnect());
  const [status] = await Promise.all([connectThroughFixedResolver(listener.getLocalPort()), listener.accept(accepted)]);
  t.is(status, SocketStatus.Done);
  const audited = await auditedConnect();
  t.deepEqual(audited, { log: ['connect 127.0.0.1 80'], status: SocketStatus.Error, denied: true });
  t.true(await withoutContainer());
});

test('security policies: denied listen and connect, an allowed listen, a direct check', async (t) => {
  const outcome = await policyAtWork();
  t.regex(outcome.listenAny, /^listen denied: .*listen\.allow/);
  t.is(outcome.listenLoopback, SocketStatus.Done);
  t.is(outcome.connectLow, 'denied on port 80');
  t.is(wouldAccept('127.0.0.1'), null);
  t.regex(wouldAccept('192.0.2.7') ?? '', /accept\.deny entry '192\.0\.2\.0\/24'/);
});

test('batches: echoInBatches answers every packet of a burst, in order, until the peer leaves', async (t) => {
  const { client, server } = await connectedPair(t);
  const echoing = echoInBatches(server);
  const burst = Array.from({ length: 300 }, (_, i) => new Packet().writeUint32(i));
  t.like(await client.sendMany(burst), { status: SocketStatus.Done, count: 300 });
  const back: number[] = [];
  const replies = Array.from({ length: 50 }, () => new Packet());
  while (back.length < 300) {
    const { status, count } = await client.receiveMany(replies);
    t.is(status, SocketStatus.Done);
    for (const reply of replies.slice(0, count)) back.push(reply.readUint32());
  }
  t.deepEqual(back, burst.map((_, i) => i));
  client.disconnect();
  t.is(await echoing, 300);
});

test('game loop in the blocking guide: a polled tick yields to its timer, a selector tick wakes for data and ends on time', async (t) => {
  const { client, server } = await connectedPair(t);
  const polling = pollEachTick(server, 30, 10);
  await sleep(15);
  await client.send(new Packet().writeString('one'));
  await client.send(new Packet().writeString('two'));
  t.deepEqual(await polling, ['one', 'two'], 'the packets sent between ticks arrive: the loop let the event loop turn');
  const selector = new SocketSelector();
  t.teardown(() => selector.clear());
  selector.add(server);
  const received: string[] = [];
  const started = performance.now();
  setTimeout(() => void client.send(new Packet().writeString('three')), 10);
  t.true(await selectorTick(selector, server, 60, received));
  const took = performance.now() - started;
  t.deepEqual(received, ['three']);
  t.true(took >= 55 && took < 1000, `the tick took ${took} ms`);
  client.disconnect();
  t.false(await selectorTick(selector, server, 1000, []), 'a peer that left ends the tick');
  t.is(await pollEachTick(server, 3, 1), null);
});
