import test from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { SocketSelector } from '../../src/selector/SocketSelector.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { wsClient, wsListener, wsPair } from './wsFixtures.js';

test('one packet is one binary message: sendMany/receiveMany, an empty packet, and the raw byte calls', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener);
  const packets = [new Packet().writeUint8(1), new Packet(), new Packet().writeString('three')];
  t.deepEqual(await client.sendMany(packets), { status: SocketStatus.Done, sent: 1 + 0 + 9, count: 3 });
  const into = [new Packet(), new Packet(), new Packet()];
  let got = 0;
  while (got < 3) got += (await server.receiveMany(into.slice(got))).count;
  t.is(into[0]?.readUint8(), 1);
  t.is(into[1]?.getDataSize(), 0);
  t.is(into[2]?.readString(), 'three');
  // Raw bytes: a send is one message; a receive reads within one message, never across.
  await client.send(Uint8Array.of(1, 2, 3, 4, 5));
  await client.send(new Packet().writeUint16(7));
  t.deepEqual([...((await server.receive(3)).data ?? [])], [1, 2, 3]);
  t.deepEqual([...((await server.receive(100)).data ?? [])], [4, 5], 'the rest of that message only');
  const packet = new Packet();
  t.is((await server.receive(packet)).status, SocketStatus.Done);
  t.is(packet.readUint16(), 7, 'the next packet starts at its message');
});

test('non-blocking polling and the selector: TCP and WebSocket clients in one game loop', async (t) => {
  const wsSide = await wsListener(t);
  const tcpSide = new TcpListener();
  t.teardown(() => tcpSide.close());
  t.is((await tcpSide.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const selector = new SocketSelector();
  selector.add(wsSide);
  selector.add(tcpSide);
  wsSide.setBlocking(false);
  tcpSide.setBlocking(false);
  t.is((await wsSide.accept(new TcpSocket())).status, SocketStatus.NotReady);
  const browserLike = wsClient(t);
  const native = new TcpSocket();
  t.teardown(() => native.disconnect());
  t.is((await browserLike.connect(IpAddress.LocalHost, wsSide.getLocalPort())).status, SocketStatus.Done);
  t.is((await native.connect(IpAddress.LocalHost, tcpSide.getLocalPort())).status, SocketStatus.Done);
  const players: TcpSocket[] = [];
  while (players.length < 2) {
    t.true(await selector.wait(5000));
    for (const listener of [wsSide, tcpSide]) {
      if (!selector.isReady(listener)) continue;
      const player = new TcpSocket();
      t.teardown(() => player.disconnect());
      if ((await listener.accept(player)).status === SocketStatus.Done) {
        player.setBlocking(false);
        selector.add(player);
        players.push(player);
      }
    }
  }
  const [first, second] = players as [TcpSocket, TcpSocket];
  t.is((await first.receive(new Packet())).status, SocketStatus.NotReady);
  await browserLike.send(new Packet().writeString('from ws'));
  await native.send(new Packet().writeString('from tcp'));
  const heard = new Set<string>();
  while (heard.size < 2) {
    t.true(await selector.wait(5000));
    for (const player of [first, second]) {
      if (!selector.isReady(player)) continue;
      const packet = new Packet();
      while ((await player.receive(packet)).status === SocketStatus.Done) heard.add(packet.readString());
    }
  }
  t.deepEqual([...heard].sort(), ['from tcp', 'from ws']);
  browserLike.disconnect();
  const wsPlayer = players.find((p) => p.getRemotePort() === browserLike.getLocalPort()) ?? first;
  let status: SocketStatus = SocketStatus.NotReady;
  for (let i = 0; i < 100 && status === SocketStatus.NotReady; i++) {
    await selector.wait(100);
    status = (await wsPlayer.receive(new Packet())).status;
  }
  t.is(status, SocketStatus.Disconnected);
});

test('a socket limit lower than the transport limit still drops a larger message (Protocol)', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener);
  server.setMaxPacketSize(16);
  await client.send(new Packet().append(new Uint8Array(100)));
  const result = await server.receive(new Packet());
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Protocol');
});

test('a text message is refused: the connection closes with 1003 and the receiver sees Protocol', async (t) => {
  const listener = await wsListener(t);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const { WebSocket } = await import('ws');
  const ws = new WebSocket(`ws://127.0.0.1:${listener.getLocalPort()}/`);
  t.teardown(() => ws.terminate());
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise((resolve) => ws.once('open', resolve));
  t.is((await listener.accept(server)).status, SocketStatus.Done);
  ws.send('text');
  const result = await server.receive(new Packet());
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Protocol');
  t.is(await closed, 1003);
});

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a message that arrives while a receive waits goes straight to it: its time-out is cancelled, and the next wait gets its own full time', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener);
  server.setSoTimeout(300);
  const packet = new Packet();
  const waiting = server.receive(packet);
  await pause(150); // half the time-out: the first wait's timer, were it left running, would end the second wait half-way
  await client.send(new Packet().writeString('in time'));
  t.is((await waiting).status, SocketStatus.Done);
  t.is(packet.readString(), 'in time');
  const started = Date.now();
  const second = await server.receive(packet); // the same wait object, begun again: only its own timer may end it
  t.is(second.status, SocketStatus.NotReady);
  t.is(second.error?.code, 'ETIMEDOUT');
  t.true(Date.now() - started >= 280, `the second wait ended after ${Date.now() - started} ms, not at the first one's time-out`);
});

test('while a receive waits, a message for a byte target, one above the limit, and receives queued behind the first all keep their order and answers', async (t) => {
  const listener = await wsListener(t, { limits: { maxPacketSize: 16 } });
  const { client, server } = await wsPair(t, listener);
  // Two waits at once: the first takes the first message, the second the next.
  const [a, b] = [new Packet(), new Packet()];
  const both = Promise.all([server.receive(a), server.receive(b)]);
  await client.send(new Packet().writeUint8(1));
  await client.send(new Packet().writeUint8(2));
  t.deepEqual((await both).map((result) => result.status), [SocketStatus.Done, SocketStatus.Done]);
  t.deepEqual([a.readUint8(), b.readUint8()], [1, 2]);
  // A byte target waiting: the message is queued and read within itself.
  const bytes = server.receive(2);
  await client.send(Uint8Array.of(7, 8, 9));
  t.deepEqual([...(await bytes).data], [7, 8]);
  t.deepEqual([...(await server.receive(10)).data], [9]);
  // A message above the limit reaching a waiting packet receive: reported, connection dropped.
  const over = server.receive(a);
  await client.send(new Uint8Array(17));
  const result = await over;
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'TooLarge');
  t.is((await server.receive(a)).status, SocketStatus.Disconnected);
});

test('a message above the limit set with setMaxPacketSize, reaching a waiting packet receive, is an Error (Protocol) and drops the connection', async (t) => {
  const listener = await wsListener(t);
  const { client, server } = await wsPair(t, listener);
  server.setMaxPacketSize(8);
  const packet = new Packet();
  const waiting = server.receive(packet);
  await client.send(new Uint8Array(9));
  const result = await waiting;
  t.is(result.status, SocketStatus.Error);
  t.is(result.error?.kind, 'Protocol');
  t.is(packet.getDataSize(), 0, 'nothing of it reaches the packet');
  t.is((await server.receive(packet)).status, SocketStatus.Disconnected);
});
